// Tables never cut and never scroll sideways (issue 24 §7). Every body cell is captioned with its column's heading
// (data-label, shown by site.css when the table is stacked). A table that is wider than its place is shown as stacked rows
// (one card per row, each value under its heading), with the table's roles kept explicitly so that a screen reader still
// reads a table. A statistics table beside its chart first gets the whole width (the chart below it) before it is stacked.
(function () {
    "use strict";

    function headings(table) {
        const row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
        if (!row) return [];
        const names = [];
        for (const cell of row.cells) {
            const text = (cell.getAttribute("data-label") || cell.textContent || "").replace(/\u00ad/g, "").replace(/\s+/g, " ").trim();
            for (let i = 0; i < (cell.colSpan || 1); i++) names.push(text);
        }
        return names;
    }

    // A table written without <thead> (its first row all headings) gets one: a head that is not a card when stacked.
    function ensureHead(table) {
        if (table.tHead) return;
        const first = table.rows[0];
        if (!first || ![...first.cells].every(c => c.tagName === "TH")) return;
        for (const cell of first.cells) {
            if (!cell.hasAttribute("scope")) cell.setAttribute("scope", "col");
        }
        table.createTHead().appendChild(first);
    }

    function label(table) {
        ensureHead(table);
        const names = headings(table);
        for (const section of [...table.tBodies, table.tFoot].filter(Boolean)) {
            for (const row of section.rows) {
                let column = 0;
                for (const cell of row.cells) {
                    const name = names[column];
                    // A row heading (the first cell, th) names the card itself; other cells get their column's heading.
                    if (name && !cell.hasAttribute("data-label") && !(cell.tagName === "TH" && column === 0)) {
                        cell.setAttribute("data-label", name);
                    }
                    column += cell.colSpan || 1;
                }
            }
        }
    }

    // Stacked rows are blocks, which takes the table semantics away in browsers: given back as ARIA roles.
    function roles(table, on) {
        const set = (e, role) => on ? e.setAttribute("role", role) : e.removeAttribute("role");
        set(table, "table");
        for (const section of [table.tHead, ...table.tBodies, table.tFoot].filter(Boolean)) {
            set(section, "rowgroup");
            for (const row of section.rows) {
                set(row, "row");
                for (const cell of row.cells) {
                    const scope = cell.getAttribute("scope");
                    set(cell, cell.tagName === "TD" ? "cell" : scope === "row" || section !== table.tHead ? "rowheader" : "columnheader");
                }
            }
        }
    }

    function wider(table) {
        const place = table.parentElement;
        return place ? table.getBoundingClientRect().width > place.clientWidth + 1 : false;
    }

    function fit() {
        const tables = [...document.querySelectorAll("main table")];
        for (const table of tables) {
            table.classList.remove("stacked");
            roles(table, false);
        }

        for (const block of document.querySelectorAll(".with-chart.chart-below")) block.classList.remove("chart-below");
        for (const table of tables) {
            const block = table.closest(".with-chart");
            if (block && wider(table)) block.classList.add("chart-below");
        }

        for (const table of tables) {
            if (wider(table)) {
                table.classList.add("stacked");
                roles(table, true);
            }
        }
    }

    function start() {
        for (const table of document.querySelectorAll("main table")) label(table);
        fit();
        let pending = 0;
        window.addEventListener("resize", () => {
            cancelAnimationFrame(pending);
            pending = requestAnimationFrame(fit);
        });
        // Content that opens later (details, banners) can widen a table.
        document.addEventListener("toggle", fit, true);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
