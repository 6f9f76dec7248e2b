#!/usr/bin/env python3
"""Independent check of an iCalendar feed read from standard input, with the Python
`icalendar` package: it must parse, and every event must carry what calendar apps need."""
import sys

from icalendar import Calendar


def main() -> int:
    raw = sys.stdin.buffer.read()
    problems = []
    for number, line in enumerate(raw.split(b"\r\n"), start=1):
        if len(line) > 75:
            problems.append(f"line {number} is {len(line)} octets (RFC 5545 folds at 75)")
    if raw and not raw.endswith(b"\r\n"):
        problems.append("the feed does not end with CRLF")
    calendar = Calendar.from_ical(raw)
    for required in ("VERSION", "PRODID"):
        if required not in calendar:
            problems.append(f"calendar has no {required}")
    events = calendar.walk("VEVENT")
    for event in events:
        uid = str(event.get("UID", "?"))
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "STATUS"):
            if required not in event:
                problems.append(f"{uid}: no {required}")
        start, end = event.get("DTSTART"), event.get("DTEND")
        if start is not None and end is not None:
            if start.dt.tzinfo is None:
                problems.append(f"{uid}: DTSTART has no time zone")
            if end.dt <= start.dt:
                problems.append(f"{uid}: DTEND is not after DTSTART")
        if str(event.get("STATUS", "")) not in ("CONFIRMED", "CANCELLED", "TENTATIVE"):
            problems.append(f"{uid}: STATUS {event.get('STATUS')!r}")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(events)} events, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
