// Moves to the answer of a look-up when it arrives (it starts below the form, out of sight on a phone), so that it is seen
// and a screen reader reads it; the status line inside says what arrived.
(function () {
    const target = document.querySelector("[data-focus-on-load]");
    if (!target) return;
    target.focus({ preventScroll: true });
    // data-focus-on-load="center": a control the user just pressed, shown in the middle with what it produced above it.
    target.scrollIntoView({ block: target.getAttribute("data-focus-on-load") === "center" ? "center" : "start" });
})();
