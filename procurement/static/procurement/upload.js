// Upload with a progress bar; without JavaScript the form posts as usual.
(function () {
  var form = document.querySelector("form[data-upload-progress]");
  if (!form || !window.FormData) { return; }
  var bar = document.getElementById(form.dataset.uploadProgress);
  var status = document.getElementById(form.dataset.uploadStatus);
  form.addEventListener("submit", function (event) {
    if (!form.reportValidity()) { return; }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.hidden = false; bar.value = Math.round(100 * e.loaded / e.total); }
    });
    request.addEventListener("load", function () {
      if (request.responseURL && request.responseURL !== window.location.href) {
        window.location.assign(request.responseURL);
      } else {
        document.open(); document.write(request.responseText); document.close();
      }
    });
    request.addEventListener("error", function () { status.textContent = form.dataset.failedText; });
    status.textContent = form.dataset.uploadingText;
    request.send(new FormData(form));
  });
})();
