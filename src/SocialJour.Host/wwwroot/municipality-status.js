// The municipalities page for IT: "Kontrollera nu" without freezing the page, and a status list that keeps itself current.
// - Kontrollera nu: the button is disabled at once and the row says "Kontrollerar …" (role="status"); the check runs through
//   the JSON API (POST /api/municipalities/{code}/check, IT only) and is bounded on the server ("Svarade inte inom N s").
//   The script also stops waiting a little after that bound, so the page never hangs. Without JavaScript the form posts as before.
// - The list is fetched every 15 s (GET /api/municipalities/status, IT only) and reordered in place: systems that do not
//   answer first. A screen reader hears only the systems whose status changed (aria-live="polite"). The updates can be
//   turned off (WCAG 2.2.2), as on the start page's night overview.
(function () {
    const table = document.querySelector("[data-status-list]");
    if (!table || !table.dataset.statusList) return; // IT only: the others get neither the list nor the checks
    const tbody = table.querySelector("tbody");
    const live = document.querySelector("[data-status-live]");
    const toggle = document.querySelector("[data-status-toggle]");
    const box = toggle.querySelector("input");
    const key = "socialjour.municipalityStatusRefresh";
    const timeoutSeconds = parseInt(table.dataset.checkTimeout || "10", 10);
    toggle.hidden = false;
    box.checked = localStorage.getItem(key) !== "off";
    box.addEventListener("change", () => localStorage.setItem(key, box.checked ? "on" : "off"));

    function rowOf(code) {
        return tbody.querySelector("tr[data-code='" + code + "']");
    }

    function field(row, name) {
        return row.querySelector("[data-field='" + name + "']");
    }

    // Applies the server's list: texts per row, then the order (appending an existing row moves it). Returns the rows whose status changed.
    function apply(list) {
        const changed = [];
        for (const r of list.rows) {
            const row = rowOf(r.code);
            if (!row) continue;
            const badge = field(row, "status");
            if (badge.textContent !== r.statusText) changed.push(r.name + " (" + r.journalSystem + "): " + r.statusText);
            badge.textContent = r.statusText;
            badge.className = "badge " + r.badgeClass;
            field(row, "checkedAt").textContent = r.checkedAt || "";
            field(row, "latency").textContent = r.latency || "";
            field(row, "error").textContent = r.error || "";
            const advice = field(row, "advice");
            if (advice) advice.textContent = r.advice || "";
        }
        for (const r of list.rows) {
            const row = rowOf(r.code);
            if (row) tbody.append(row);
        }
        return changed;
    }

    async function load() {
        let response;
        try {
            response = await fetch(table.dataset.statusList, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        } catch {
            return null; // offline for a moment: the list stays as it was, the next round tries again
        }
        return response.ok ? response.json() : null;
    }

    async function refresh() {
        if (!box.checked || document.visibilityState !== "visible") return;
        const list = await load();
        if (!list) return;
        const changed = apply(list);
        if (changed.length > 0) live.textContent = "Status ändrad: " + changed.join("; ") + ".";
    }

    for (const form of tbody.querySelectorAll("form[data-check]")) {
        form.addEventListener("submit", async (event) => {
            event.preventDefault();
            const row = form.closest("tr");
            const button = form.querySelector("button");
            const status = row.querySelector("[data-check-status]");
            const label = row.dataset.label;
            if (button.disabled) return;
            button.disabled = true;
            button.textContent = "Kontrollerar…";
            status.textContent = "Kontrollerar " + label + " … (högst " + timeoutSeconds + " s)";
            const controller = new AbortController();
            const giveUp = setTimeout(() => controller.abort(), (timeoutSeconds + 20) * 1000);
            try {
                const response = await fetch(form.dataset.check, {
                    method: "POST",
                    headers: { Accept: "application/json" },
                    credentials: "same-origin",
                    signal: controller.signal,
                });
                if (response.ok) {
                    const result = await response.json();
                    const list = await load();
                    if (list) apply(list);
                    const shown = list && list.rows.find((r) => r.code === row.dataset.code);
                    status.textContent = "Kontrollerat: " + label + " – " + (shown ? shown.statusText : result.status) + (result.error ? ": " + result.error : "");
                } else {
                    status.textContent = "Kontrollen kunde inte göras (HTTP " + response.status + "). Ladda om sidan och försök igen.";
                }
            } catch {
                status.textContent = controller.signal.aborted
                    ? "Servern svarade inte inom " + (timeoutSeconds + 20) + " s. Försök igen eller ladda om sidan."
                    : "Servern kunde inte nås. Försök igen.";
            } finally {
                clearTimeout(giveUp);
                button.disabled = false;
                button.textContent = "Kontrollera nu";
            }
        });
    }

    setInterval(refresh, 15000);
})();
