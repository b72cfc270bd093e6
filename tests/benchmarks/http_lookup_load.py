"""Look-ups through the real host's JSON API (tests/benchmarks/http-lookups.sh; standard library only).
Usage: http_lookup_load.py BASE_URL CLIENTS seconds=S | count=N
Each client logs in as the demo social worker, registers one contact per person once, then looks its persons up again and
again (POST /api/lookups, case-bound, with a purpose) for S seconds, or until the clients together have done N look-ups.
Prints one JSON line: look-ups, errors, per second, median/p95/p99/max in ms (only look-ups that finished in the window)."""
import http.cookiejar, json, re, statistics, sys, threading, time, urllib.parse, urllib.request

base, clients, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seconds = float(mode.split("=")[1]) if mode.startswith("seconds=") else None
target = int(mode.split("=")[1]) if mode.startswith("count=") else None
PEOPLE = [("201003152384", "0191"), ("201107222380", "0123"), ("199203172383", "0163"), ("197806142399", "0114")]
lock = threading.Lock()
window = {}
latencies, errors, done = [], [0], [0]
last_error = [""]


def start_window():
    window["start"] = time.monotonic()
    window["end"] = window["start"] + seconds if seconds else float("inf")


ready = threading.Barrier(clients + 1, action=start_window)


def client(index):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/Login").read().decode()
    token = re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"UserName": "anna", "Password": "jour2026", "__RequestVerificationToken": token}).encode()
    opener.open(urllib.request.Request(base + "/Login", data=form, headers={"Origin": base}))

    def post(path, body):
        req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Origin": base})
        return json.loads(opener.open(req, timeout=60).read().decode())

    cases = []
    for person, code in PEOPLE:
        contact = post("/api/contacts", {"channel": "Police", "situation": "Benchmark",
                                         "duplicateReason": "Belastningstest: samma personer registreras om",
                                         "persons": [{"identityNumber": person, "municipalityCode": code, "category": "ChildrenAndYouth"}]})
        cases.append((person, contact["cases"][0]["id"]))
    ready.wait()
    i = index
    while time.monotonic() < window["end"]:
        if target is not None:
            with lock:
                if done[0] >= target:
                    return
                done[0] += 1
        person, case_id = cases[i % len(cases)]
        i += 1
        started = time.monotonic()
        try:
            post("/api/lookups", {"identityNumber": person, "jourCaseId": case_id, "purpose": "Skyddsbedömning"})
            if time.monotonic() <= window["end"]:
                with lock:
                    latencies.append(time.monotonic() - started)
        except Exception as e:  # noqa: BLE001 - counted
            with lock:
                errors[0] += 1
                last_error[0] = f"{type(e).__name__}: {e}"


threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
for t in threads:
    t.start()
ready.wait()
for t in threads:
    t.join()
elapsed = seconds if seconds else time.monotonic() - window["start"]
ms = sorted(x * 1000 for x in latencies)


def pct(p):
    return round(ms[min(len(ms) - 1, max(0, int(len(ms) * p + 0.5) - 1))], 1) if ms else None


print(json.dumps({"clients": clients, "seconds": round(elapsed, 1), "lookups": len(ms), "errors": errors[0],
                  "per_second": round(len(ms) / elapsed, 1) if elapsed else None,
                  "median_ms": round(statistics.median(ms), 1) if ms else None, "p95_ms": pct(0.95), "p99_ms": pct(0.99),
                  "max_ms": round(ms[-1], 1) if ms else None, "last_error": last_error[0]}), flush=True)
