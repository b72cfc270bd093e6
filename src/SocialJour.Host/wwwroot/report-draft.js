// Keeps the report being written on the server: saved a moment after typing stops, and carried by every other form
// of the case page when it is submitted, so that registering time or a decision never empties the report.
(function () {
    const text = document.querySelector("[data-report-draft]");
    if (!text) return;
    const url = text.dataset.reportDraft;
    const status = document.querySelector("[data-report-draft-status]");
    let timer = null;
    // What the server holds (the saved draft, or the text prefilled from the case): only a change is saved or carried,
    // so that a prefill the user never touched stays a prefill and takes in what is recorded later.
    let saved = text.value;
    const save = () => {
        if (text.value === saved) return;
        const value = text.value;
        fetch(url, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: value }), credentials: "same-origin" })
            .then(r => {
                if (r.ok) { saved = value; if (status) status.textContent = "Utkastet är sparat."; }
                else if (status) status.textContent = "Utkastet kunde inte sparas – tryck Spara utkast.";
            })
            .catch(() => { if (status) status.textContent = "Utkastet kunde inte sparas – tryck Spara utkast."; });
    };
    text.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(save, 1500); });
    for (const form of document.querySelectorAll("form")) {
        if (form.contains(text)) continue;
        form.addEventListener("submit", () => {
            if (text.value === saved) return;
            let carried = form.querySelector("input[name=reportDraft]");
            if (!carried) {
                carried = document.createElement("input");
                carried.type = "hidden";
                carried.name = "reportDraft";
                form.appendChild(carried);
            }
            carried.value = text.value;
        });
    }
})();
