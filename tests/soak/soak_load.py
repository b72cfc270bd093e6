"""Load and RSS sampler for tests/soak/memory-soak.sh (standard library only)."""
import csv, http.cookiejar, json, re, statistics, sys, threading, time, urllib.error, urllib.parse, urllib.request

base, pid, minutes, clients, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
idle_minutes = float(sys.argv[6]) if len(sys.argv) > 6 else 5.0
PEOPLE = [("201003152384", "0191", "ChildrenAndYouth"), ("201107222380", "0123", "ChildrenAndYouth"),
          ("199203172383", "0163", "SubstanceAbuse"), ("197806142399", "0114", "SubstanceAbuse")]
PURPOSE = "Skyddsbedömning"
stop = time.monotonic() + minutes * 60
counts = {"lookups": 0, "contacts": 0, "errors": 0}
lock = threading.Lock()
last_error = [""]


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
        return json.loads(opener.open(req, timeout=30).read().decode())

    i = index
    while time.monotonic() < stop:
        person, code, category = PEOPLE[i % len(PEOPLE)]
        i += 1
        try:
            contact = post("/api/contacts", {"channel": "Police", "caller": "Polisen", "situation": "Soak",
                                             "duplicateReason": "Belastningstest: samma personer registreras om",
                                             "persons": [{"identityNumber": person, "municipalityCode": code, "category": category}]})
            with lock:
                counts["contacts"] += 1
            case_id = contact["cases"][0]["id"]
            post("/api/lookups", {"identityNumber": person, "jourCaseId": case_id, "purpose": PURPOSE})
            with lock:
                counts["lookups"] += 1
        except Exception as e:  # noqa: BLE001 - counted and reported
            with lock:
                counts["errors"] += 1
                body = e.read().decode()[:300] if isinstance(e, urllib.error.HTTPError) else ""
                last_error[0] = f"{type(e).__name__}: {e} {body}"
            time.sleep(0.5)


def rss_mib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
for t in threads:
    t.start()
samples = []
started = time.monotonic()
while time.monotonic() < stop:
    with lock:
        samples.append((round(time.monotonic() - started), rss_mib(), counts["lookups"], counts["contacts"], counts["errors"]))
    time.sleep(10)
for t in threads:
    t.join(timeout=40)
# The idle phase is measured too (issue 25: memory climbed while a backlog was worked off after the load and stayed there).
loaded_samples = len(samples)
idle_end = time.monotonic() + idle_minutes * 60
while time.monotonic() < idle_end:
    time.sleep(10)
    samples.append((round(time.monotonic() - started), rss_mib(), counts["lookups"], counts["contacts"], counts["errors"]))

with open(f"{out}/rss.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["seconds", "rss_mib", "lookups", "contacts", "errors"])
    w.writerows(samples)

loaded = [s for s in samples[:loaded_samples] if s[0] >= 120] or samples[:loaded_samples]
idle = samples[loaded_samples:] or samples[-1:]
third = max(1, len(loaded) // 3)
first, last = statistics.mean(s[1] for s in loaded[:third]), statistics.mean(s[1] for s in loaded[-third:])
half = loaded[len(loaded) // 2:]
if len(half) >= 2:
    xs = [s[0] / 60 for s in half]; ys = [s[1] for s in half]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / (sum((x - mx) ** 2 for x in xs) or 1)
else:
    slope = 0.0
growth = (last - first) / first * 100
idle_max = max(s[1] for s in idle)
# Flat: under load the last third within 15 % of the first and no upward slope of 4 MiB/min or more; and when the load
# stops, memory does not climb above what the load itself held (at most 10 % over the last third's mean).
ok = growth <= 15 and slope < 4 and idle_max <= last * 1.10
print(f"| {minutes:g} min, {clients} clients, {idle_minutes:g} min idle | {counts['lookups']} | {counts['contacts']} | {counts['errors']} | "
      f"{samples[0][1]:.0f} | {first:.0f} | {last:.0f} | {max(s[1] for s in samples[:loaded_samples]):.0f} | {idle_max:.0f} | {idle[-1][1]:.0f} | {growth:+.1f} % | {slope:+.2f} | {'flat' if ok else 'GROWING'} |")
print(f"(RSS samples every 10 s: {out}/rss.csv; columns: look-ups, contacts, errors, RSS at start, mean of first third after 2 min warm-up, "
      f"mean of last third, max under load, max while idle, at the end of the idle phase, growth, slope of the last half in MiB/min)")
if counts["errors"]:
    print("last error:", last_error[0])
sys.exit(0 if ok and counts["lookups"] > 0 else 1)
