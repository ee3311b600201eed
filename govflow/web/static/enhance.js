// Progressive enhancement only: every page works without this file.
// Printing opens the folded minutes, so that paper holds them too. (The register's filters
// apply with the Show button: changing a choice does not reload the page under a keyboard.)
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
});
