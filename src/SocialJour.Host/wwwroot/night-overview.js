// Keeps the start page's night overview current without a reload: fetches it every 30 s and re-renders the list in place
// (the page renders it on the server first, so it works without JavaScript). A screen reader hears only a change in the
// number of items (aria-live="polite"), not every refresh. The user may turn the updates off (WCAG 2.2.2).
(function () {
    const section = document.querySelector("[data-night-overview]");
    if (!section) return;
    const list = section.querySelector("[data-night-overview-list]");
    const count = section.querySelector("[data-night-overview-count]");
    const live = section.querySelector("[data-night-overview-live]");
    const toggle = section.querySelector("[data-night-overview-toggle]");
    const box = toggle.querySelector("input");
    const key = "socialjour.nightOverviewRefresh";
    toggle.hidden = false;
    box.checked = localStorage.getItem(key) !== "off";
    box.addEventListener("change", () => localStorage.setItem(key, box.checked ? "on" : "off"));
    let shown = list.children.length;

    function countText(n) {
        return n === 0 ? "Inget att bevaka just nu." : n === 1 ? "1 sak att bevaka." : n + " saker att bevaka.";
    }

    function item(i) {
        const li = document.createElement("li");
        li.className = "overview-item" + (i.overdue ? " overdue" : "");
        li.dataset.testid = "night-overview-item";
        li.dataset.kind = i.kind;
        const what = document.createElement("strong");
        what.className = "overview-what";
        what.textContent = i.what;
        li.append(what, " ");
        if (i.overdue) {
            const badge = document.createElement("span");
            badge.className = "badge bad";
            badge.textContent = "Försenad";
            li.append(badge, " ");
        }
        const when = document.createElement("span");
        when.className = "overview-when";
        when.textContent = i.when;
        li.append(when, " ");
        if (i.href) {
            const a = document.createElement("a");
            a.href = i.href;
            a.textContent = i.linkText;
            li.append(a);
        }
        return li;
    }

    async function refresh() {
        if (!box.checked || document.visibilityState !== "visible") return;
        let response;
        try {
            response = await fetch(section.dataset.nightOverview, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        } catch {
            return; // offline for a moment: the list stays as it was, the next round tries again
        }
        if (!response.ok) return;
        const overview = await response.json();
        list.replaceChildren(...overview.items.map(item));
        section.querySelector("[data-testid=night-overview-failed]")?.remove(); // read again: the server-side failure is over
        count.textContent = countText(overview.count);
        if (overview.count !== shown) {
            live.textContent = "Nattöversikten har ändrats: " + countText(overview.count);
            shown = overview.count;
        }
    }

    setInterval(refresh, 30000);
})();
