// While a report is being checked, follow its progress and reload when it is done.
(function () {
  var bar = document.querySelector("progress[data-poll-url]");
  if (!bar) { return; }
  function poll() {
    fetch(bar.dataset.pollUrl, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.progress;
        if (s.status === "received" || s.status === "processing") { setTimeout(poll, 1000); }
        else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
