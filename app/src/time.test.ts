import { afterEach, describe, expect, it } from "vitest";
import { fromLocalInput, localInput, setTimeZone, when } from "./time";

afterEach(() => setTimeZone(undefined));

describe("times in my account's time zone", () => {
  it("shows an instant at my time zone's wall-clock time, whatever the device's", () => {
    setTimeZone("Asia/Tokyo");

    expect(localInput("2026-12-08T09:30:00Z")).toBe("2026-12-08T18:30");
    expect(when("2026-12-08T09:30:00Z")).toMatch(/6:30/);
  });

  it("reads what I type as my time zone's wall-clock time, on both sides of a DST change", () => {
    setTimeZone("Europe/Berlin");

    expect(fromLocalInput("2026-01-15T09:00")).toBe("2026-01-15T08:00:00.000Z"); // CET, UTC+1
    expect(fromLocalInput("2026-07-15T09:00")).toBe("2026-07-15T07:00:00.000Z"); // CEST, UTC+2
    expect(fromLocalInput("2026-03-29T03:30")).toBe("2026-03-29T01:30:00.000Z"); // the morning the clocks go forward
  });

  it("gives back what it showed", () => {
    setTimeZone("America/New_York");

    for (const iso of ["2026-11-01T05:30:00.000Z", "2026-03-08T12:00:00.000Z", "2026-12-31T23:45:00.000Z"]) {
      expect(fromLocalInput(localInput(iso))).toBe(iso);
    }
  });

  it("keeps the device's time zone for a name it does not know", () => {
    setTimeZone("Mars/Olympus_Mons");

    expect(localInput("2026-12-08T09:30:00Z")).toMatch(/^2026-12-0\dT\d\d:30$/);
  });
});
