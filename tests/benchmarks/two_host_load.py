"""Look-ups per second through HTTP against one or more hosts (tests/benchmarks/two-host-lookups.sh; standard library only).
Usage: two_host_load.py SECONDS CLIENTS BASE_URL [BASE_URL ...]  — clients are spread round-robin over the hosts; each logs
in on its host, registers one contact per person once, then looks its persons up again and again. Prints one JSON line."""
import http.cookiejar, json, re, statistics, sys, threading, time, urllib.error, urllib.parse, urllib.request

seconds, clients, bases = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
PEOPLE = [("201003152384", "0191"), ("201107222380", "0123"), ("199203172383", "0163"), ("197806142399", "0114")]
lock = threading.Lock()
window = {}
latencies, errors = [], [0]
# The window starts when every client is logged in and has its cases (set by the barrier, before any client goes on).
ready = threading.Barrier(clients + 1, action=lambda: window.__setitem__("end", time.monotonic() + seconds))


def client(index):
    base = bases[index % len(bases)]
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/Login").read().decode()
    token = re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"UserName": "anna", "Password": "jour2026", "__RequestVerificationToken": token}).encode()
    opener.open(urllib.request.Request(base + "/Login", data=form, headers={"Origin": base}))

    def post(path, body):
        req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Origin": base})
        return json.loads(opener.open(req, timeout=30).read().decode())

    cases = []
    for person, code in PEOPLE:
        contact = post("/api/contacts", {"channel": "Police", "situation": "Benchmark",
                                         "duplicateReason": "Belastningstest: samma personer registreras om",
                                         "persons": [{"identityNumber": person, "municipalityCode": code, "category": "ChildrenAndYouth"}]})
        cases.append((person, contact["cases"][0]["id"]))
    ready.wait()
    i = index
    while time.monotonic() < window["end"]:
        person, case_id = cases[i % len(cases)]
        i += 1
        started = time.monotonic()
        try:
            post("/api/lookups", {"identityNumber": person, "jourCaseId": case_id, "purpose": "Skyddsbedömning"})
            if time.monotonic() <= window["end"]:
                with lock:
                    latencies.append(time.monotonic() - started)
        except Exception:  # noqa: BLE001 - counted
            with lock:
                errors[0] += 1


threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
for t in threads:
    t.start()
ready.wait()
for t in threads:
    t.join()
ms = sorted(x * 1000 for x in latencies)
print(json.dumps({"hosts": len(bases), "clients": clients, "seconds": seconds, "lookups": len(ms), "errors": errors[0],
                  "per_second": round(len(ms) / seconds, 1), "median_ms": round(statistics.median(ms), 1) if ms else None,
                  "p95_ms": round(ms[int(len(ms) * 0.95) - 1], 1) if ms else None}))
