(function () {
  var button = document.querySelector("button[data-print]");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
