// A QR code to scan with a phone's camera, drawn as SVG elements (no inline style or data: URL, which the
// CSP refuses). The encoder (uqr) is loaded only when a code is shown, so the first load stays small.
import { useEffect, useState } from "preact/hooks";

/** The dark modules of the code as one path, a 1x1 square each. */
function pathOf(matrix: boolean[][]): string {
  return matrix.map((row, y) => row.map((dark, x) => (dark ? `M${x} ${y}h1v1h-1z` : "")).join("")).join("");
}

export function QrCode({ text, label }: { text: string; label: string }) {
  const [matrix, setMatrix] = useState<boolean[][] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    import("uqr")
      .then(({ encode }) => {
        // A border of 4 modules is the quiet zone the standard asks for: scanners find the code in dark mode too.
        if (current) {
          setMatrix(encode(text, { ecc: "M", border: 4 }).data);
        }
      })
      .catch(() => current && setFailed(true)); // the encoder could not be loaded: the link and the URL remain
    return () => {
      current = false;
    };
  }, [text]);
  if (failed) {
    return null;
  }
  if (!matrix) {
    return <div class="qr" aria-busy="true" />;
  }
  const size = matrix.length;
  return (
    <svg class="qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#ffffff" />
      <path d={pathOf(matrix)} fill="#000000" />
    </svg>
  );
}
