// Reloads a list page every 30 s so new cases and passed deadlines show without a click, unless the user
// turns it off (WCAG 2.2.1: a time limit the user can turn off) or is using a form field on the page.
(function () {
    const box = document.querySelector("[data-auto-refresh]");
    if (!box) return;
    const key = "socialjour.autoRefresh";
    box.checked = localStorage.getItem(key) !== "off";
    box.addEventListener("change", () => localStorage.setItem(key, box.checked ? "on" : "off"));
    const seconds = Number(box.dataset.autoRefresh) || 30;
    setInterval(() => {
        const active = document.activeElement;
        const busy = active && active !== box && active.matches("input, select, textarea");
        if (box.checked && !busy && document.visibilityState === "visible") location.reload();
    }, seconds * 1000);
})();
