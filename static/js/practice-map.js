// The map of practices: a hovered or focused city shows its name and count beside its circle.
// Without JavaScript the circle's <title> is still its tooltip and its name for screen readers;
// the label repeats that title for the eyes only (aria-hidden), so nothing is said twice.
(function () {
  "use strict";
  document.querySelectorAll(".practice-map").forEach(function (figure) {
    var svg = figure.querySelector("svg");
    if (!svg) return;
    var label = document.createElement("div");
    label.className = "practice-map__label";
    label.setAttribute("aria-hidden", "true");
    label.hidden = true;
    figure.appendChild(label);

    function show(event) {
      var link = event.target.closest("a");
      if (!link || !svg.contains(link)) return;
      var title = link.querySelector("title");
      var circle = link.querySelector("circle");
      if (!title || !circle) return;
      label.textContent = title.textContent;
      label.hidden = false;
      var box = circle.getBoundingClientRect();
      var frame = figure.getBoundingClientRect();
      // CSSOM, which the portal's Content-Security-Policy allows (style attributes it does not).
      label.style.left = box.left - frame.left + box.width / 2 + "px";
      label.style.top = box.top - frame.top + "px";
    }
    function hide(event) {
      var link = event.target.closest("a");
      if (link && link.contains(event.relatedTarget)) return;
      label.hidden = true;
    }
    svg.addEventListener("mouseover", show);
    svg.addEventListener("focusin", show);
    svg.addEventListener("mouseout", hide);
    svg.addEventListener("focusout", hide);
  });
})();
