// Progressive enhancement only: every page works without this file.
// The register's filters apply as soon as a choice changes.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.filters select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
// Printing opens the folded minutes, so that paper holds them too.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
});
