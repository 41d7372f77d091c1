// The app's sections: a tab bar at the thumb's reach on a phone, a row at the top on a wide screen.
import { useLocation } from "preact-iso";

// Line icons, 24x24, drawn with the text's colour.
const ICONS: Record<string, string> = {
  today: "M12 4v2M12 18v2M4 12h2M18 12h2M6.3 6.3l1.4 1.4M16.3 16.3l1.4 1.4M6.3 17.7l1.4-1.4M16.3 7.7l1.4-1.4M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8z",
  contacts: "M12 4a4 4 0 1 0 0 8a4 4 0 1 0 0-8zM4 20c0-4 4-6 8-6s8 2 8 6",
  calendar: "M4 6h16v14H4zM4 10h16M8 3v4M16 3v4",
  stats: "M5 20V11M10 20V5M15 20v-7M20 20V9",
  settings: "M4 7h10M18 7h2M4 17h4M12 17h8M16 5v4M10 15v4",
};

const SECTIONS = [
  { href: "/app/", label: "Today", icon: "today" },
  { href: "/app/contacts", label: "Contacts", icon: "contacts" },
  { href: "/app/calendar", label: "Calendar", icon: "calendar" },
  { href: "/app/stats", label: "Stats", icon: "stats" },
  { href: "/app/settings", label: "Settings", icon: "settings" },
];

function current(path: string, href: string): boolean {
  if (href === "/app/") {
    return path === "/app/" || path.startsWith("/app/meetings") || path.startsWith("/app/changes");
  }
  return path.startsWith(href);
}

export function Nav() {
  const { path } = useLocation();
  return (
    <nav class="tabs" aria-label="Sections">
      {SECTIONS.map(({ href, label, icon }) => (
        <a key={href} href={href} aria-current={current(path, href) ? "page" : undefined}>
          <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            <path d={ICONS[icon]} />
          </svg>
          <span>{label}</span>
        </a>
      ))}
    </nav>
  );
}
