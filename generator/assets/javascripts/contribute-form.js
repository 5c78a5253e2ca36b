/*
 * The "How to contribute" form: checks a practice's answers in the browser and
 * saves them as a case-study file (<slug>.md) for the practice to email.
 *
 * Nothing leaves the browser. The rules (lengths, choices, the privacy
 * patterns) are not written here: the page carries them in
 * <script id="cs-form-rules" type="application/json">, made at build time from
 * the JSON Schema of the front matter and the validator's own patterns
 * (generator/site/contribute_form.py). Without JavaScript the form stays hidden and
 * the page explains how to send a case study by email.
 */
(function () {
  "use strict";

  var form = document.getElementById("cs-contribute-form");
  var rulesElement = document.getElementById("cs-form-rules");
  if (!form || !rulesElement) return;
  var rules = JSON.parse(rulesElement.textContent);
  var schema = rules.schema;
  var props = schema.properties;
  var MAX_SLUG = 80;

  var patterns = {
    nhs: new RegExp(rules.patterns.nhs, "g"),
    email: new RegExp(rules.patterns.email, "g"),
    phone: new RegExp(rules.patterns.phone, "g"),
    summaryMarkdown: new RegExp(rules.patterns.summaryMarkdown)
  };

  function spec(path) {
    var parts = path.split(".");
    var node = { properties: props };
    for (var i = 0; i < parts.length; i += 1) {
      node = node.properties && node.properties[parts[i]];
      if (!node) return null;
    }
    return node;
  }

  function element(path) {
    return form.elements.namedItem(path);
  }

  function value(path) {
    var el = element(path);
    if (!el || el.type === "checkbox") return "";
    return el.value.replace(/\r\n?/g, "\n").trim();
  }

  function lines(path) {
    return value(path)
      .split("\n")
      .map(function (line) { return line.trim(); })
      .filter(function (line) { return line !== ""; });
  }

  function chars(text) {
    return Array.from(text).length;
  }

  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function label(path) {
    if (path === "themes.more") return "Other themes";
    var el = document.getElementById(idOf(path));
    var lab = el && form.querySelector('label[for="' + el.id + '"]');
    if (!lab) return path;
    return lab.childNodes[0].textContent.trim();
  }

  function idOf(path) {
    return "f-" + path.replace(/[._]/g, "-");
  }

  // -- checks from the schema -------------------------------------------

  function checkText(path, text, required) {
    var s = spec(path) || {};
    if (text === "") {
      return required ? "Enter " + label(path).toLowerCase() : null;
    }
    var length = chars(text);
    if (s.minLength !== undefined && length < s.minLength) {
      return label(path) + " must be at least " + number(s.minLength) +
        " characters long; it is " + number(length);
    }
    if (s.maxLength !== undefined && length > s.maxLength) {
      return label(path) + " must be at most " + number(s.maxLength) +
        " characters long; it is " + number(length);
    }
    if (s["enum"] && s["enum"].indexOf(text) < 0) {
      return "Choose one of: " + s["enum"].join(", ");
    }
    if (s.pattern && !new RegExp(s.pattern, "u").test(text)) {
      if (s.type === "string" && s.pattern === "^[^\\n]*$") {
        return label(path) + " must be on one line";
      }
      return label(path) + " is not written as expected: " + (s.description || "");
    }
    return null;
  }

  function checkList(path) {
    var item = (spec(path) || {}).items || {};
    var items = lines(path);
    for (var i = 0; i < items.length; i += 1) {
      var length = chars(items[i]);
      if (item.minLength !== undefined && length < item.minLength) {
        return "Line " + (i + 1) + " is too short: write at least " + item.minLength + " characters on each line";
      }
      if (item.maxLength !== undefined && length > item.maxLength) {
        return "Line " + (i + 1) + " is " + number(length) + " characters long; keep each line to " +
          number(item.maxLength) + " characters or split it in two";
      }
    }
    return null;
  }

  function realDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    var parts = text.split("-").map(Number);
    var d = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return d.getUTCFullYear() === parts[0] && d.getUTCMonth() === parts[1] - 1 &&
      d.getUTCDate() === parts[2];
  }

  function nhsValid(digits) {
    if (!/^\d{10}$/.test(digits)) return false;
    var total = 0;
    for (var i = 0; i < 9; i += 1) total += Number(digits[i]) * (10 - i);
    var check = 11 - (total % 11);
    if (check === 11) check = 0;
    return check !== 10 && check === Number(digits[9]);
  }

  function privacy(path, text) {
    var found;
    patterns.nhs.lastIndex = 0;
    while ((found = patterns.nhs.exec(text)) !== null) {
      if (nhsValid(found[0].replace(/[ -]/g, ""))) {
        return "'" + found[0] + "' looks like an NHS number: never write anything that " +
          "identifies a patient; delete it";
      }
    }
    if (path === "contact.email" || path === "contact.phone") return null;
    patterns.email.lastIndex = 0;
    found = patterns.email.exec(text);
    if (found) {
      return "Remove the email address '" + found[0] + "': give it only under " +
        "'Who other practices could contact'";
    }
    patterns.phone.lastIndex = 0;
    found = patterns.phone.exec(text);
    if (found) {
      return "Remove the phone number '" + found[0].trim() + "': give it only under " +
        "'Who other practices could contact'";
    }
    return null;
  }

  var drawn = rules.drawn;

  function undrawn(text) {
    var chars = Array.from(text);
    for (var i = 0; i < chars.length; i += 1) {
      var point = chars[i].codePointAt(0);
      var low = 0;
      var high = drawn.length - 1;
      var found = false;
      while (low <= high) {
        var mid = (low + high) >> 1;
        if (point < drawn[mid][0]) high = mid - 1;
        else if (point > drawn[mid][1]) low = mid + 1;
        else { found = true; break; }
      }
      if (!found) {
        return "The publication's fonts cannot print '" + chars[i] + "' (U+" +
          point.toString(16).toUpperCase() + "); please write it another way";
      }
    }
    return null;
  }

  var TEXTS = [
    "title", "summary", "practice.name", "practice.town", "practice.website", "body",
    "benefits", "drawbacks", "barriers", "patient_views", "quote.text", "quote.by",
    "costs", "contact.name", "contact.role", "contact.email", "contact.phone"
  ];

  function primaryTheme() {
    return value("themes");
  }

  function otherThemes() {
    var primary = primaryTheme();
    return Array.prototype.filter.call(
      form.querySelectorAll('input[name="themes.more"]'),
      function (box) { return box.checked && box.value !== primary; }
    ).map(function (box) { return box.value; });
  }

  function check() {
    var errors = {};
    function add(path, message) {
      if (message && !errors[path]) errors[path] = message;
    }
    // Privacy first: a patient's number or a contact detail in the wrong place
    // is the message a practice must see before any other about that field.
    TEXTS.forEach(function (path) {
      add(path, privacy(path, value(path)));
      add(path, undrawn(value(path)));
    });
    add("title", checkText("title", value("title"), true));
    add("summary", checkText("summary", value("summary"), true));
    value("summary").split("\n").some(function (line) {
      if (patterns.summaryMarkdown.test(line)) {
        add("summary", "Write the summary as plain sentences: remove '" +
          line.trim().slice(0, 20) + "' at the start of a line");
        return true;
      }
      return false;
    });
    var practiceRequired = props.practice.required;
    ["practice.name", "practice.town", "practice.website"].forEach(function (path) {
      add(path, checkText(path, value(path), practiceRequired.indexOf(path.split(".")[1]) >= 0));
    });
    if (value("practice.nation") === "") {
      add("practice.nation", "Choose the nation your practice is in");
    } else {
      add("practice.nation", checkText("practice.nation", value("practice.nation"), true));
    }
    add("practice.setting", checkText("practice.setting", value("practice.setting"), false));
    var listSize = value("practice.list_size").replace(/[\s,]/g, "");
    if (listSize !== "") {
      var sizeSpec = spec("practice.list_size");
      if (!/^\d+$/.test(listSize)) {
        add("practice.list_size", "Write the number of patients as a whole number, such as 9800");
      } else if (Number(listSize) < sizeSpec.minimum || Number(listSize) > sizeSpec.maximum) {
        add("practice.list_size", "The number of patients must be from " +
          number(sizeSpec.minimum) + " to " + number(sizeSpec.maximum));
      }
    }
    var themeSpec = props.themes;
    if (primaryTheme() === "") {
      add("themes", "Choose the main theme of your story");
    } else if (themeSpec.items["enum"].indexOf(primaryTheme()) < 0) {
      add("themes", "Choose one of the themes listed");
    }
    if (1 + otherThemes().length > themeSpec.maxItems) {
      add("themes.more", "Tick at most " + (themeSpec.maxItems - 1) +
        " other themes: a case study has at most " + themeSpec.maxItems + " themes in all");
    }
    var body = value("body");
    if (body === "") {
      add("body", "Write your story");
    } else {
      var words = body.split(/\s+/).filter(Boolean).length;
      if (words < rules.minWords) {
        add("body", "Your story has " + words + " words; please write at least " +
          rules.minWords + ": what you did, what changed and what you learned");
      }
      if (/<[A-Za-z!\/?]/.test(body)) {
        add("body", "Remove the HTML (the text starting with '<'): write plain text");
      }
      if (/^ {0,3}#(?:[ \t]|$)/m.test(body) || /^[^\n]*\S[^\n]*\n {0,3}=+[ \t]*$/m.test(body)) {
        add("body", "Start section headings with two hash signs (## What we did): " +
          "the headline is the only top-level heading");
      }
    }
    var link, links = /\]\(\s*<?([^)\s>]*)/g;
    while ((link = links.exec(body)) !== null) {
      if (!/^https?:\/\/\S/i.test(link[1])) {
        add("body", "Links must be web addresses starting https:// (pictures cannot be " +
          "added here: send them with your email); check '" + link[1] + "'");
        break;
      }
    }
    ["benefits", "drawbacks", "barriers"].forEach(function (path) {
      add(path, checkList(path));
    });
    ["patient_views", "costs"].forEach(function (path) {
      add(path, checkText(path, value(path), false));
    });
    var quoteUsed = value("quote.text") !== "" || value("quote.by") !== "";
    ["quote.text", "quote.by"].forEach(function (path) {
      add(path, checkText(path, value(path), quoteUsed));
    });
    var contactUsed = ["contact.name", "contact.role", "contact.email", "contact.phone"]
      .some(function (path) { return value(path) !== ""; });
    ["contact.name", "contact.role", "contact.email", "contact.phone"].forEach(function (path) {
      var required = contactUsed && props.contact.required.indexOf(path.split(".")[1]) >= 0;
      add(path, checkText(path, value(path), required));
    });
    var submitted = value("submitted");
    if (submitted === "") {
      add("submitted", "Enter the date you send your case study");
    } else if (!realDate(submitted)) {
      add("submitted", "Enter a real date, written year-month-day, such as 2014-04-12");
    }
    return errors;
  }

  // -- showing problems ----------------------------------------------------

  var summary = document.getElementById("cs-error-summary");
  var summaryList = document.getElementById("cs-error-list");

  function fieldTarget(path) {
    if (path === "themes.more") {
      return form.querySelector('input[name="themes.more"]');
    }
    return document.getElementById(idOf(path));
  }

  function show(errors) {
    Array.prototype.forEach.call(form.querySelectorAll(".cs-form-error"), function (p) {
      p.hidden = true;
      p.textContent = "";
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) {
      el.removeAttribute("aria-invalid");
    });
    Array.prototype.forEach.call(form.querySelectorAll(".cs-form-field--error"), function (el) {
      el.classList.remove("cs-form-field--error");
    });
    summaryList.textContent = "";
    var paths = Object.keys(errors);
    paths.forEach(function (path) {
      var message = errors[path];
      var p = document.getElementById(idOf(path) + "-error");
      if (p) {
        p.textContent = "Error: " + message + ".";
        p.hidden = false;
      }
      var field = form.querySelector('[data-field="' + path + '"]');
      if (field) field.classList.add("cs-form-field--error");
      var target = fieldTarget(path);
      if (target && path !== "themes.more") target.setAttribute("aria-invalid", "true");
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + (target ? target.id : "cs-contribute-form");
      a.textContent = label(path) + ": " + message;
      a.addEventListener("click", function (event) {
        if (!target) return;
        event.preventDefault();
        target.focus();
        target.scrollIntoView({ block: "center" });
      });
      li.appendChild(a);
      summaryList.appendChild(li);
    });
    summary.hidden = paths.length === 0;
    if (paths.length) summary.focus();
  }

  // -- the file --------------------------------------------------------------

  function quoted(text) {
    // JSON's string syntax is valid YAML; characters YAML will not take raw
    // (C1 controls, line and paragraph separators, non-characters) are escaped.
    return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
      function (c) { return "\\u" + ("0000" + c.charCodeAt(0).toString(16)).slice(-4); });
  }

  function slugify(name) {
    var ascii = name.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    ascii = ascii.toLowerCase().replace(/'/g, "").replace(/&/g, " and ");
    var slug = ascii.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    slug = slug.slice(0, MAX_SLUG).replace(/^-+|-+$/g, "");
    return slug || "case-study";
  }

  function caseStudyFile() {
    var out = ["---"];
    out.push("title: " + quoted(value("title")));
    out.push("practice:");
    out.push("  name: " + quoted(value("practice.name")));
    out.push("  town: " + quoted(value("practice.town")));
    out.push("  nation: " + quoted(value("practice.nation")));
    var listSize = value("practice.list_size").replace(/[\s,]/g, "");
    if (listSize) out.push("  list_size: " + Number(listSize));
    if (value("practice.setting")) out.push("  setting: " + quoted(value("practice.setting")));
    if (value("practice.website")) out.push("  website: " + quoted(value("practice.website")));
    var themes = [primaryTheme()].concat(otherThemes());
    out.push("themes: [" + themes.map(quoted).join(", ") + "]");
    out.push("summary: " + quoted(value("summary")));
    ["benefits", "drawbacks", "barriers"].forEach(function (path) {
      var items = lines(path);
      if (!items.length) return;
      out.push(path + ":");
      items.forEach(function (item) { out.push("  - " + quoted(item)); });
    });
    if (value("patient_views")) out.push("patient_views: " + quoted(value("patient_views")));
    if (value("quote.text")) {
      out.push("quote:");
      out.push("  text: " + quoted(value("quote.text")));
      out.push("  by: " + quoted(value("quote.by")));
    }
    if (value("costs")) out.push("costs: " + quoted(value("costs")));
    if (value("contact.name")) {
      out.push("contact:");
      ["name", "role", "email", "phone"].forEach(function (key) {
        var text = value("contact." + key);
        if (text) out.push("  " + key + ": " + quoted(text));
      });
      out.push("  publish: " + (element("contact.publish").checked ? "true" : "false"));
    }
    out.push("submitted: " + value("submitted"));
    out.push("status: draft");
    out.push("consent: false");
    out.push("---");
    out.push("");
    out.push(value("body"));
    return out.join("\n") + "\n";
  }

  var done = document.getElementById("cs-form-done");
  var fileName = document.getElementById("cs-form-file");
  var again = document.getElementById("cs-form-again");
  var url = null;

  function save() {
    var name = slugify(value("practice.name")) + ".md";
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(new Blob([caseStudyFile()], { type: "text/markdown;charset=utf-8" }));
    again.href = url;
    again.setAttribute("download", name);
    fileName.textContent = name;
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    done.hidden = false;
    done.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var errors = check();
    show(errors);
    if (Object.keys(errors).length === 0) {
      save();
    } else {
      done.hidden = true;
    }
  });

  var date = element("submitted");
  if (date && !date.value) {
    var now = new Date();
    date.value = now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" +
      ("0" + now.getDate()).slice(-2);
  }
  document.getElementById("cs-form-area").hidden = false;
})();
