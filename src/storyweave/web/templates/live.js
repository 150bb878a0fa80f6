// The web app's one script (its pages work without it): a story page asks every few seconds
// whether its story changed (an article joined, a story merged in) and then offers a reload.
(function () {
  "use strict";
  var note = document.getElementById("sw-live");
  if (!note) { return; }
  var story = note.getAttribute("data-story");
  var version = note.getAttribute("data-version");
  var every = 1000 * (parseFloat(note.getAttribute("data-every")) || 10);
  function ask() {
    fetch("/api/stories/" + encodeURIComponent(story) + "/version", {cache: "no-store"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (d && String(d.version) !== version) { note.hidden = false; return; }
        setTimeout(ask, every);
      })
      .catch(function () { setTimeout(ask, every); });
  }
  setTimeout(ask, every);
})();
