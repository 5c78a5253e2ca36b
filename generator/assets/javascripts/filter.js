/*
 * The filter on "All case studies": narrows the list in place and keeps the
 * choice in the URL (?theme=&nation=&setting=), so a filtered list can be
 * bookmarked and shared. Without JavaScript the page is the full list with the
 * facets as links, and the form stays hidden.
 */
(function () {
  "use strict";
  var form = document.getElementById("cs-filter");
  if (!form) return;
  var fields = ["theme", "nation", "setting"];
  var cards = Array.prototype.slice.call(document.querySelectorAll(".cs-cards > .cs-card"));
  var count = document.getElementById("cs-count");
  // When nothing matches, a way back right under the count ("0 case studies of 13"
  // was all the page said, with the form's own reset far above).
  var none = document.getElementById("cs-none");
  var showAll = document.getElementById("cs-show-all");

  function matches(card, choice) {
    if (choice.theme && (" " + card.getAttribute("data-themes") + " ").indexOf(" " + choice.theme + " ") < 0) return false;
    if (choice.nation && card.getAttribute("data-nation") !== choice.nation) return false;
    if (choice.setting && card.getAttribute("data-setting") !== choice.setting) return false;
    return true;
  }

  function current() {
    var choice = {};
    fields.forEach(function (name) { choice[name] = form.elements[name].value; });
    return choice;
  }

  function apply(updateUrl) {
    var choice = current();
    var shown = 0;
    cards.forEach(function (card) {
      var show = matches(card, choice);
      card.hidden = !show;
      if (show) shown += 1;
    });
    count.textContent = shown + (shown === 1 ? " case study" : " case studies") +
      (shown === cards.length ? "" : " of " + cards.length);
    if (none) none.hidden = shown !== 0;
    if (updateUrl) {
      var params = new URLSearchParams(window.location.search);
      fields.forEach(function (name) {
        if (choice[name]) params.set(name, choice[name]); else params.delete(name);
      });
      var query = params.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
  }

  function fromUrl() {
    var params = new URLSearchParams(window.location.search);
    fields.forEach(function (name) {
      var select = form.elements[name];
      var value = params.get(name) || "";
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      select.value = known ? value : "";
    });
  }

  form.hidden = false;
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  window.addEventListener("popstate", function () { fromUrl(); apply(false); });
  if (showAll) {
    showAll.addEventListener("click", function () {
      form.reset();
      form.elements[fields[0]].focus();
    });
  }
  fromUrl();
  apply(false);
})();
