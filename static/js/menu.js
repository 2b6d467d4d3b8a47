// The top bar's menu button (templates/base.html): on a narrow screen the menu folds behind it.
// Without this file the button stays hidden and the menu stays open.
(function () {
  "use strict";
  const button = document.querySelector(".menu-button");
  if (!button) {
    return;
  }
  button.hidden = false;
  document.documentElement.classList.add("has-menu-button");
  button.addEventListener("click", function () {
    button.setAttribute("aria-expanded", String(button.getAttribute("aria-expanded") !== "true"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
  });
})();
