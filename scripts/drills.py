#!/usr/bin/env python3
"""Operational drills for yorisoi, run by scripts/drills.sh (and so by scripts/test.sh).

    drills.py SERVER_BINARY sqlite|postgres sigterm|db-away|two-instances

Each drill makes a fresh database, loads the demo data with the server binary, starts real
servers on free ports and talks HTTP to them; it prints what it saw and exits non-zero
with the reason when an expectation fails.

- sigterm: SIGTERM in the middle of a booking storm. The server stops taking connections,
  answers the requests it has, and exits 0; every acknowledged booking is there once, no
  unanswered request left a booking, no session is over capacity, each booking has its
  audit entry; after a restart, sending every key again creates nothing new for the
  acknowledged ones and exactly one booking for each of the others.
- db-away: the database goes away and comes back (PostgreSQL stopped and started; the
  SQLite file, its write-ahead log and folder made immutable, so nothing can write them).
  Meanwhile /healthz answers 503 and a booking gets a Japanese error page, each within
  seconds; afterwards the same server process (no restart) answers 200 and books again
  with the same sign-in.
- two-instances (PostgreSQL): two servers on one database behind a round-robin proxy. A
  sign-in made on one is good on the other; a booking storm split over both never
  overbooks; the sign-in throttle counts failures made on either; each reminder email is
  sent once (a loopback SMTP peer counts them).

Only the standard library: the drills need nothing installed beyond the test suite's own.
"""

import http.client
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlencode, urlsplit

PG = "postgres://postgres@127.0.0.1:5432"
STAFF = ("demo-staff", "yorisoi-demo-2025")
DAY = 86_400
STARTED = []  # every server a drill started, killed at the end whatever happened


class DrillFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise DrillFailed(message)
    print(f"  ok: {message}")


# --- the database -------------------------------------------------------------------------


class Database:
    """A fresh database for one drill: an SQLite file in its own folder, or a PostgreSQL
    database of its own."""

    def __init__(self, backend, work, name):
        self.backend = backend
        if backend == "sqlite":
            self.folder = os.path.join(work, "data")
            os.makedirs(self.folder)
            self.path = os.path.join(self.folder, "drill.db")
            self.url = f"sqlite://{self.path}"
        else:
            self.name = f"yorisoi_drill_{os.getpid()}_{name.replace('-', '_')}"
            self.url = f"{PG}/{self.name}"

    def rows(self, sql):
        if self.backend == "sqlite":
            with sqlite3.connect(self.path, timeout=30) as conn:
                return [tuple(r) for r in conn.execute(sql).fetchall()]
        out = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", self.name, "-qAt", "-F", "\t",
             "-v", "ON_ERROR_STOP=1", "-c", sql],
            check=True, capture_output=True, text=True,
        ).stdout
        return [tuple(int(v) if re.fullmatch(r"-?\d+", v) else v for v in line.split("\t"))
                for line in out.splitlines() if line]

    def value(self, sql):
        return self.rows(sql)[0][0]

    def drop(self):
        if self.backend == "postgres":
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
                 f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'],
                capture_output=True,
            )


def prepare_storm(db, staff, bookings, seats=20, per_session=25):
    """Sessions a month ahead with `seats` seats and `per_session` bookings each (so some
    waitlist), and one resident per booking, registered through the intake form as staff
    would: [(key, session_id, resident_id)]."""
    venue = db.value("SELECT id FROM venues ORDER BY id LIMIT 1")
    host = db.value("SELECT id FROM partners ORDER BY id LIMIT 1")
    start = int(time.time()) + 30 * DAY
    day = time.strftime("%Y-%m-%d", time.gmtime(start + 9 * 3600))
    count = -(-bookings // per_session)
    values = ", ".join(
        f"('drill-{n}-{start}@drill', 'ドリル', 'first', {host}, {venue}, {start + n * 10800}, "
        f"{start + n * 10800 + 3600}, '{day}', 2026, {seats}, 0, 0)"
        for n in range(count))
    sessions = [r[0] for r in db.rows(
        "INSERT INTO sessions (uid, title, level, host_partner_id, venue_id, starts_at, ends_at, "
        f"local_date, fiscal_year, capacity, created_at, updated_at) VALUES {values} RETURNING id")]
    residents = make_residents(staff, bookings)
    return [(f"drill-{n}", sessions[n % count], r) for n, r in enumerate(residents)]


def make_residents(staff, count):
    """Registers `count` residents through `POST /forms/residents` (the triggers that keep
    the search index run in the server's own SQLite); returns their ids."""
    ids = []
    for n in range(count):
        form = {"name": "試験 太郎", "kana": "しけん たろう", "phone": f"070{n:08d}",
                "contact_pref": "phone", "smartphone": "feature", "consent": "1"}
        status, location, _ = staff.request("POST", "/forms/residents", form)
        found = re.match(r"/residents/(\d+)", location or "")
        if status != 303 or not found:
            raise DrillFailed(f"registering resident {n}: {status} {location}")
        ids.append(int(found.group(1)))
    return ids


# --- servers and clients -------------------------------------------------------------------


class Server:
    def __init__(self, binary, url, work, name, env=None):
        self.binary, self.url, self.name = binary, url, name
        self.log_path = os.path.join(work, f"{name}.log")
        self.env = dict(os.environ, DATABASE_URL=url, YORISOI_LOG="warn", **(env or {}))
        self.process = None
        STARTED.append(self)

    def start(self):
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--addr", "127.0.0.1:0"],
            env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            found = re.search(r"^listening on http://(\S+)$", self.log(), re.M)
            if found:
                self.address = found.group(1)
                host, port = self.address.rsplit(":", 1)
                self.host, self.port = host, int(port)
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise DrillFailed(f"server {self.name} did not start:\n{self.log()}")

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self, timeout=30):
        """SIGTERM, then the exit code (None when it did not exit within `timeout`)."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def no_panic(self):
        expect("panicked" not in self.log(), f"{self.name}: no panic in the server's log")


class Client:
    """One keep-alive HTTP connection (or a new one per request) with its cookies."""

    def __init__(self, host, port, cookies=None, keep_alive=True):
        self.host, self.port, self.keep_alive = host, port, keep_alive
        self.cookies = dict(cookies or {})
        self.conn = None

    def request(self, method, path, form=None, timeout=20):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        headers = {"Accept-Language": "ja"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if not self.keep_alive:
            headers["Connection"] = "close"
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read().decode("utf-8", errors="replace")
        except Exception:
            self.close()
            raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                self.cookies[key.strip()] = val.strip()
        if not self.keep_alive or response.getheader("connection", "").lower() == "close":
            self.close()
        return response.status, response.getheader("location", ""), data

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def sign_in(self, login=STAFF[0], password=STAFF[1]):
        status, location, _ = self.request(
            "POST", "/auth/login", {"login": login, "password": password, "next": "/"})
        return status, location

    def book(self, key, session, resident):
        return self.request("POST", "/forms/registrations", {
            "session_id": session, "resident_id": resident, "key": key})


def booked(answer):
    """The registration id when a booking was acknowledged (303 to its read-back)."""
    status, location, _ = answer
    found = re.match(r"/registrations/(\d+)", location or "")
    return int(found.group(1)) if status == 303 and found else None


def storm(address_of, cookies, items, workers, stop_after=None, on_count=None):
    """Books `items` over `workers` keep-alive connections. `address_of(n)` gives worker n's
    (host, port). Returns {key: ('ack', id) | ('status', code) | ('error', text)}."""
    results, lock = {}, threading.Lock()
    queue = list(reversed(items))

    def work(n):
        client = Client(*address_of(n), cookies)
        while True:
            with lock:
                if not queue:
                    return
                key, session, resident = queue.pop()
            try:
                answer = client.book(key, session, resident)
            except (OSError, http.client.HTTPException) as e:
                with lock:
                    results[key] = ("error", type(e).__name__)
                return  # the server is going away: this worker stops
            registration = booked(answer)
            with lock:
                results[key] = ("ack", registration) if registration else ("status", answer[0])
                acks = sum(1 for r in results.values() if r[0] == "ack")
            if on_count and acks == stop_after:
                on_count()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def check_bookings(db, keys_expected, note):
    """No resident twice in a session, no session over capacity, one audit entry per
    booking; returns {key: registration id} of the drill's bookings."""
    rows = db.rows("SELECT idempotency_key, id FROM registrations "
                   "WHERE idempotency_key LIKE 'drill-%'")
    stored = {k: i for k, i in rows}
    expect(len(rows) == len(stored) == keys_expected,
           f"{note}: {keys_expected} bookings stored, each key once")
    twice = db.value("SELECT COUNT(*) FROM (SELECT session_id, resident_id FROM registrations "
                     "WHERE status <> 'cancelled' GROUP BY session_id, resident_id "
                     "HAVING COUNT(*) > 1) t")
    expect(twice == 0, f"{note}: no resident booked twice in a session")
    over = db.value("SELECT COUNT(*) FROM sessions s WHERE s.capacity < (SELECT COUNT(*) "
                    "FROM registrations g WHERE g.session_id = s.id AND g.status = 'confirmed')")
    expect(over == 0, f"{note}: no session has more confirmed places than seats")
    audited = db.value("SELECT COUNT(DISTINCT a.record_id) FROM audit_log a JOIN registrations g "
                       "ON a.record_type = 'registration' AND a.record_id = "
                       + ("CAST(g.id AS TEXT)" if db.backend == "sqlite" else "g.id::text")
                       + " WHERE g.idempotency_key LIKE 'drill-%' AND a.action = 'create'")
    expect(audited == keys_expected, f"{note}: every booking has its audit entry")
    return stored


# --- the drills ----------------------------------------------------------------------------


def drill_sigterm(binary, backend, work):
    db = Database(backend, work, "sigterm")
    try:
        demo(binary, db)
        server = Server(binary, db.url, work, "server").start()
        staff = Client(server.host, server.port)
        expect(staff.sign_in()[0] == 303, "staff signed in")
        items = prepare_storm(db, staff, 600)
        sent_at = {}

        def terminate():
            sent_at["t"] = time.time()
            server.process.send_signal(signal.SIGTERM)

        results = storm(lambda n: (server.host, server.port), staff.cookies, items, 25,
                        stop_after=150, on_count=terminate)
        expect("t" in sent_at, "SIGTERM sent after 150 acknowledged bookings")
        try:
            code = server.process.wait(30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            code = None
        expect(code == 0, f"the server exited by itself with 0 (exit code {code})")
        server.no_panic()
        try:
            socket.create_connection((server.host, server.port), timeout=2).close()
            refused = False
        except OSError:
            refused = True
        expect(refused, "no new connection is taken after it stopped")
        acked = {k: v[1] for k, v in results.items() if v[0] == "ack"}
        others = {k: v for k, v in results.items() if v[0] != "ack"}
        statuses = {v[1] for v in others.values() if v[0] == "status"}
        expect(not statuses, f"no booking answered with an error status {sorted(statuses)}")
        print(f"  {len(acked)} acknowledged, {len(others)} cut off by the stop, "
              f"{len(items) - len(results)} not sent")
        stored = check_bookings(db, len(acked), "after SIGTERM")
        expect(stored == acked, "every acknowledged booking is stored under its key and id")

        server = Server(binary, db.url, work, "restarted").start()
        again = Client(server.host, server.port)
        expect(again.sign_in()[0] == 303, "staff signed in again after the restart")
        retried = storm(lambda n: (server.host, server.port), again.cookies, items, 10)
        expect(all(v[0] == "ack" for v in retried.values()) and len(retried) == len(items),
               f"all {len(items)} keys sent again, each acknowledged")
        expect(all(retried[k][1] == i for k, i in acked.items()),
               "a key already acknowledged answers with its first booking")
        check_bookings(db, len(items), "after the retry")
        expect(server.stop() == 0, "the restarted server stopped cleanly")
        server.no_panic()
    finally:
        db.drop()


def drill_db_away(binary, backend, work):
    db = Database(backend, work, "db-away")
    try:
        demo(binary, db)
        server = Server(binary, db.url, work, "server").start()
        staff = Client(server.host, server.port, keep_alive=False)
        expect(staff.sign_in()[0] == 303, "staff signed in")
        items = prepare_storm(db, staff, 14)
        expect(booked(staff.book(*items[0])) is not None, "a booking before the outage")
        expect(Client(server.host, server.port).request("GET", "/healthz")[0] == 200,
               "/healthz says 200 before the outage")

        take_away(db)
        try:
            status = wait_for(lambda: Client(server.host, server.port).request(
                "GET", "/healthz", timeout=15)[0], 503, 30)
            expect(status == 503, "/healthz says 503 while the database is away")
            # All at once (each may wait for a connection as long as the pool lets it): one
            # booking and one page, timed, and twelve more bookings, more than the pool's
            # idle connections, so new ones are made while the database is away (and must
            # not linger, read-only, afterwards).
            timed = {}

            def timed_request(name, call):
                t = time.time()
                timed[name] = (call(), time.time() - t)

            threads = [
                threading.Thread(target=timed_request, args=(
                    "booking", lambda: Client(server.host, server.port, staff.cookies,
                                              keep_alive=False).book(*items[1]))),
                threading.Thread(target=timed_request, args=(
                    "page", lambda: Client(server.host, server.port, staff.cookies,
                                           keep_alive=False).request("GET", "/sessions"))),
            ]
            for t in threads:
                t.start()
            answers = storm(lambda n: (server.host, server.port), staff.cookies,
                            [(f"away-{n}", items[1][1], items[1][2]) for n in range(12)], 12)
            for t in threads:
                t.join()
            (status, _, body), took = timed["booking"]
            expect(status >= 500 and 'lang="ja"' in body and re.search(r"[ぁ-んァ-ン]", body),
                   f"a booking gets a Japanese error page ({status})")
            expect(took < 15, f"... within {took:.1f} s, not a hang")
            (status, _, body), took = timed["page"]
            expect(status == 200 or (status >= 500 and re.search(r"[ぁ-んァ-ン]", body)),
                   f"a page answers (200 where it only reads, else the error page: {status}) "
                   f"within {took:.1f} s")
            expect(took < 15, "... not a hang")
            odd = {k: a for k, a in answers.items() if not (a[0] == "status" and a[1] >= 500)}
            expect(len(answers) == 12 and not odd,
                   "twelve bookings at once during the outage all get the error page"
                   + (f" (not so: {odd})" if odd else ""))
            expect(server.process.poll() is None, "the server is still running")
        finally:
            bring_back(db)
        status = wait_for(lambda: Client(server.host, server.port).request(
            "GET", "/healthz", timeout=15)[0], 200, 60)
        expect(status == 200, "/healthz says 200 again once the database is back")
        expect(booked(staff.book(*items[2])) is not None,
               "the same server books again, with the same sign-in")
        after = storm(lambda n: (server.host, server.port), staff.cookies, items[3:], 11)
        expect(all(a[0] == "ack" for a in after.values()) and len(after) == 11,
               "eleven bookings at once after the outage all succeed (no connection stays "
               "read-only)")
        expect(server.stop() == 0, "the server stopped cleanly")
        server.no_panic()
        refused = db.value("SELECT COUNT(*) FROM registrations "
                           f"WHERE idempotency_key = '{items[1][0]}' "
                           "OR idempotency_key LIKE 'away-%'")
        expect(refused == 0, "the booking refused during the outage left nothing behind")
    finally:
        try:
            bring_back(db)
        finally:
            db.drop()


def take_away(db):
    if db.backend == "postgres":
        pg_cluster("stop")
    else:
        files = [db.path + s for s in ("", "-wal", "-shm") if os.path.exists(db.path + s)]
        # -shm stays writable: it is the readers' shared lock table, mapped into memory.
        immutable = [f for f in files if not f.endswith("-shm")] + [db.folder]
        result = subprocess.run(["chattr", "+i", *immutable], capture_output=True, text=True)
        if result.returncode != 0:
            raise DrillFailed("chattr +i failed (the drill needs root on a file system with "
                              f"immutable files, such as ext4): {result.stderr.strip()}")
        try:
            with open(db.path, "r+b") as f:
                f.write(f.read(1))
            raise DrillFailed("the database file is still writable after chattr +i")
        except PermissionError:
            pass


def bring_back(db):
    if db.backend == "postgres":
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode != 0:
            pg_cluster("start")
        wait_for(lambda: subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode, 0, 60)
    else:
        if os.path.exists(db.folder):
            subprocess.run(["chattr", "-R", "-i", db.folder], check=True, capture_output=True)


def pg_cluster(action):
    """Stops or starts the local cluster on port 5432 (the one the drills' databases are in)."""
    listed = subprocess.run(["pg_lsclusters", "--no-header"], check=True, capture_output=True,
                            text=True).stdout.split("\n")
    version, name = next(line.split()[:2] for line in listed if line.split()[2:3] == ["5432"])
    args = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action]
    if action == "stop":
        args += ["-m", "fast"]
    subprocess.run(args, check=True)


def drill_two_instances(binary, backend, work):
    if backend != "postgres":
        raise DrillFailed("two instances share one PostgreSQL database")
    db = Database(backend, work, "two-instances")
    smtp = SmtpPeer()
    proxy = None
    try:
        demo(binary, db)
        env = {"SMTP_URL": f"smtp://127.0.0.1:{smtp.port}", "MAIL_FROM": "yorisoi@example.test"}
        servers = [Server(binary, db.url, work, f"instance-{n}", env) for n in (1, 2)]
        # Reminders due: bookings confirmed a week ago for a session tomorrow, by email.
        reminders = 40
        tomorrow = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 9 * 3600 + DAY))
        start = int(time.time()) + DAY + 3600
        venue = db.value("SELECT id FROM venues ORDER BY id LIMIT 1")
        host = db.value("SELECT id FROM partners ORDER BY id LIMIT 1")
        session = db.value(
            "INSERT INTO sessions (uid, title, level, host_partner_id, venue_id, starts_at, "
            "ends_at, local_date, fiscal_year, capacity, seats_taken, created_at, updated_at) "
            f"VALUES ('drill-reminders@drill', 'ドリル', 'first', {host}, {venue}, {start}, "
            f"{start + 3600}, '{tomorrow}', 2026, {reminders}, {reminders}, 0, 0) RETURNING id")
        # Made before the instances start, so both find them due at once, in their first
        # pass (PostgreSQL only: no search index of SQLite to keep).
        people = [r[0] for r in db.rows(
            "INSERT INTO residents (name, kana, kana_compact, kana_sort, phone, contact_pref, "
            "email, created_at, updated_at) VALUES " + ", ".join(
                f"('試験 花子', 'しけん はなこ', 'しけんはなこ', 'しけん はなこ', '0701{n:07d}', "
                f"'email', 'r{n}@drill.test', 0, 0)" for n in range(reminders))
            + " RETURNING id")]
        week_ago = int(time.time()) - 7 * DAY
        db.rows("INSERT INTO registrations (session_id, resident_id, status, idempotency_key, "
                "created_at, confirmed_at) VALUES " + ", ".join(
                    f"({session}, {p}, 'confirmed', 'reminder-{p}', {week_ago}, {week_ago})"
                    for p in people))
        for s in servers:
            s.start()
        proxy = RoundRobin([(s.host, s.port) for s in servers])
        one, two = servers
        first = Client(one.host, one.port)
        expect(first.sign_in()[0] == 303, "signed in on instance 1")
        status, location, _ = Client(two.host, two.port, first.cookies).request("GET", "/sessions")
        expect(status == 200, f"the same sign-in goes on on instance 2 ({status} {location})")

        items = prepare_storm(db, first, 400)
        results = storm(lambda n: (proxy.host, proxy.port), first.cookies, items, 20)
        expect(all(v[0] == "ack" for v in results.values()),
               f"{len(items)} bookings through the proxy, all acknowledged")
        expect(min(proxy.counts) > 0, f"the proxy spread them over both ({proxy.counts})")
        check_bookings(db, len(items), "storm over two instances")

        # Five wrong passwords for one name, alternating between the instances, lock it:
        # then even the right password is refused on both.
        login = "demo-volunteer"
        for n in range(5):
            target = servers[n % 2]
            Client(target.host, target.port, keep_alive=False).sign_in(login, "wrong")
        failures = db.value(f"SELECT COUNT(*) FROM login_failures WHERE login = '{login}'")
        expect(failures == 5, "failed sign-ins on both instances count together (5)")
        for s in servers:
            status, location = Client(s.host, s.port, keep_alive=False).sign_in(login, STAFF[1])
            expect(status == 303 and location.startswith("/login"),
                   f"{s.name} refuses the locked name even with its password ({location})")

        wait_for(lambda: sum(1 for a in smtp.recipients() if a.endswith("@drill.test"))
                 >= reminders, True, 90)
        time.sleep(3)
        everything = smtp.recipients()
        sent = {a: n for a, n in everything.items() if re.fullmatch(r"r\d+@drill\.test", a)}
        print(f"  {smtp.total()} emails received, {sum(sent.values())} of them reminders of "
              f"the drill's bookings, for {len(sent)} addresses; each address once: "
              f"{all(n == 1 for n in everything.values())}")
        expect(len(sent) == reminders and all(n == 1 for n in everything.values()),
               f"each of the {reminders} reminders sent once, by one instance or the other")
        for s in servers:
            expect(s.stop() == 0, f"{s.name} stopped cleanly")
            s.no_panic()
    finally:
        if proxy:
            proxy.close()
        smtp.close()
        db.drop()


def demo(binary, db):
    subprocess.run([binary, "demo"], env=dict(os.environ, DATABASE_URL=db.url), check=True,
                   stdout=subprocess.DEVNULL)


def wait_for(probe, wanted, seconds):
    """Calls `probe` until it returns `wanted` or `seconds` pass; returns the last value."""
    deadline, value = time.time() + seconds, None
    while time.time() < deadline:
        try:
            value = probe()
        except (OSError, http.client.HTTPException) as e:
            value = e
        if value == wanted:
            return value
        time.sleep(0.5)
    return value


class RoundRobin:
    """A TCP proxy that sends each new connection to the next backend in turn."""

    def __init__(self, backends):
        self.backends, self.counts, self.next = backends, [0] * len(backends), 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.host, self.port = self.listener.getsockname()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            n, self.next = self.next, (self.next + 1) % len(self.backends)
            self.counts[n] += 1
            upstream = socket.create_connection(self.backends[n])
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self.listener.close()


class SmtpPeer:
    """A loopback SMTP server that takes every message and counts them by recipient."""

    def __init__(self):
        self.received, self.lock = [], threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.session, args=(conn,), daemon=True).start()

    def session(self, conn):
        stream = conn.makefile("rb")
        send = lambda line: conn.sendall(line.encode() + b"\r\n")  # noqa: E731
        send("220 drill ESMTP")
        to = []
        try:
            for raw in stream:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                verb = line[:4].upper()
                if verb in ("EHLO", "HELO"):
                    send("250 drill")
                elif verb == "MAIL":
                    to = []
                    send("250 ok")
                elif verb == "RCPT":
                    to.append(line.split(":", 1)[1].strip(" <>"))
                    send("250 ok")
                elif verb == "DATA":
                    send("354 go on")
                    for body in stream:
                        if body in (b".\r\n", b".\n"):
                            break
                    with self.lock:
                        self.received += to
                    send("250 queued")
                elif verb == "QUIT":
                    send("221 bye")
                    break
                else:
                    send("250 ok")
        except OSError:
            pass
        finally:
            conn.close()

    def total(self):
        with self.lock:
            return len(self.received)

    def recipients(self):
        with self.lock:
            counts = {}
            for r in self.received:
                counts[r] = counts.get(r, 0) + 1
            return counts

    def close(self):
        self.listener.close()


DRILLS = {"sigterm": drill_sigterm, "db-away": drill_db_away,
          "two-instances": drill_two_instances}


def main():
    if len(sys.argv) != 4 or sys.argv[2] not in ("sqlite", "postgres") or sys.argv[3] not in DRILLS:
        sys.exit(__doc__)
    binary, backend, name = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    print(f"drill {name} on {backend}")
    with tempfile.TemporaryDirectory(prefix="yorisoi-drill-") as work:
        try:
            DRILLS[name](binary, backend, work)
        except DrillFailed as e:
            print(f"  FAILED: {e}")
            for log in sorted(f for f in os.listdir(work) if f.endswith(".log")):
                print(f"--- {log} (last lines)")
                with open(os.path.join(work, log), errors="replace") as f:
                    print("".join(f.readlines()[-30:]))
            sys.exit(1)
        finally:
            for server in STARTED:
                if server.process is not None and server.process.poll() is None:
                    server.process.kill()
                    server.process.wait()
    print(f"drill {name} on {backend}: passed")


if __name__ == "__main__":
    main()
