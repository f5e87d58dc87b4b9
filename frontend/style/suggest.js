/* Hợp Tác: suggestions under the header's search box, as links to the
   listings whose titles complete what is being typed. Only an enhancement:
   without this script the box is a plain GET form to /search. Served from
   the shop itself (the CSP allows no inline script). */
(function () {
  "use strict";
  var input = document.getElementById("q");
  if (!input || !input.form || !window.fetch || !window.DOMParser) {
    return;
  }
  var form = input.form;
  var list = document.createElement("ul");
  list.id = "q-suggestions";
  list.className = "suggestions";
  list.hidden = true;
  list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
  form.appendChild(list);
  input.setAttribute("aria-controls", list.id);

  var timer = 0;
  var controller = null;
  var last = "";

  function clear() {
    list.hidden = true;
    last = "";
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
  }

  // The server escapes the title and marks the matched words with <mark>:
  // rebuild it from text and <mark> only, whatever else it might hold.
  function title(html, plain) {
    var out = document.createDocumentFragment();
    try {
      var body = new DOMParser().parseFromString(html, "text/html").body;
      Array.prototype.forEach.call(body.childNodes, function (node) {
        if (node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          out.appendChild(mark);
        } else {
          out.appendChild(document.createTextNode(node.textContent));
        }
      });
    } catch (e) {
      out.appendChild(document.createTextNode(plain));
    }
    return out;
  }

  function show(items) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    items.forEach(function (item) {
      if (!item || typeof item.slug !== "string") {
        return;
      }
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/products/" + encodeURIComponent(item.slug);
      a.appendChild(title(String(item.highlighted || item.title || ""), String(item.title || "")));
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = !list.firstChild;
  }

  function suggest() {
    var q = input.value.trim();
    if (q === last) {
      return;
    }
    if (controller) {
      controller.abort();
      controller = null;
    }
    if (Array.from(q).length < 2) {
      clear();
      return;
    }
    last = q;
    var ask = window.AbortController ? new AbortController() : null;
    controller = ask;
    fetch("/api/v1/search/suggest?limit=8&q=" + encodeURIComponent(q), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: ask ? ask.signal : undefined
    })
      .then(function (response) {
        return response.ok ? response.json() : { items: [] };
      })
      .then(function (body) {
        if (input.value.trim() === q) {
          show(Array.isArray(body.items) ? body.items : []);
        }
      })
      .catch(function () {
        /* offline or aborted: the form still works */
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 150);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && !list.hidden) {
      var first = list.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      clear();
    }
  });

  list.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      (links[at + 1] || links[0]).focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at <= 0) {
        input.focus();
      } else {
        links[at - 1].focus();
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      input.focus();
      clear();
    }
  });

  // a click on a suggestion must not take the focus away first
  list.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });

  // close the list once the focus has left the box and its suggestions
  form.addEventListener("focusout", function () {
    window.setTimeout(function () {
      if (!form.contains(document.activeElement)) {
        clear();
      }
    }, 100);
  });
})();
