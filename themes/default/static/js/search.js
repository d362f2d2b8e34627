/* guong – search for /tim-kiem/. No dependencies.
   Index format (written by `guong build`, see docs/search.md):
   tim-kiem/index.json   filter lists, each article's filter values, shard table;
   tim-kiem/t/<p>.json   {"folded word": {"exact spelling" ("" = as folded): [postings]}},
                         a posting = (article − previous article) * 64 + field bits;
   tim-kiem/d/<n>.json   [title, exemplar, summary, path, date shown, ISO date] per article.
   A query word matches every spelling with the same folded form (đường, dương, duong);
   results that match the spelling typed come first. */
(function () {
  "use strict";

  var app = document.getElementById("search-app");
  if (!app || !window.fetch || !window.URLSearchParams) { return; }

  var indexUrl = new URL(app.getAttribute("data-index"), window.location.href);
  var basePath = app.getAttribute("data-base") || "/";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var filterBox = document.getElementById("search-filters");
  var selects = filterBox.querySelectorAll("select");
  var wide = window.matchMedia("(min-width: 48rem)");
  var resultsBox = document.getElementById("search-results");
  var statusEl = document.getElementById("search-status");
  var list = document.getElementById("search-list");
  var moreButton = document.getElementById("search-more");

  /* Field bits of a posting and their weights: title, exemplar, summary, tags, unit or
     column, body. */
  var WEIGHTS = [[1, 10], [2, 8], [4, 4], [8, 6], [16, 3], [32, 1]];
  var SPAN = 64;
  var PAGE = 10;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;

  var meta = null;
  var files = Object.create(null);
  var results = [];
  var shown = 0;
  var generation = 0;
  var pushNext = true;
  var typingTimer = 0;
  var currentQuery = "";

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /* Same folding as the index: tone marks and other diacritics dropped, đ → d, lowercase. */
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  function words(text) {
    return text.normalize("NFC").match(WORD) || [];
  }

  function queryTokens(query) {
    var seen = Object.create(null);
    var out = [];
    words(query).forEach(function (w) {
      var exact = w.toLowerCase();
      var folded = fold(w);
      if (folded && !seen[exact]) {
        seen[exact] = true;
        out.push({ exact: exact, folded: folded });
      }
    });
    return out;
  }

  function load(rel) {
    if (!files[rel]) {
      files[rel] = fetch(new URL(rel, indexUrl).href).then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + rel); }
        return response.json();
      });
      files[rel].catch(function () { delete files[rel]; });
    }
    return files[rel];
  }

  function weight(bits) {
    var w = 0;
    for (var i = 0; i < WEIGHTS.length; i++) {
      if (bits & WEIGHTS[i][0]) { w += WEIGHTS[i][1]; }
    }
    return w;
  }

  /* The shard holding a folded word: the longest listed prefix of it. */
  function shardOf(folded) {
    var chars = Array.from(folded);
    for (var n = chars.length; n > 0; n--) {
      var prefix = chars.slice(0, n).join("");
      if (own(meta.shards, prefix)) { return meta.shards[prefix]; }
    }
    return null;
  }

  /* Articles holding a query word: Map article → [score, exact spelling]. */
  function matches(token) {
    var file = shardOf(token.folded);
    if (!file) { return Promise.resolve(new Map()); }
    return load(file).then(function (shard) {
      var hits = new Map();
      if (!own(shard, token.folded)) { return hits; }
      var spellings = shard[token.folded];
      Object.keys(spellings).forEach(function (spelling) {
        var exact = (spelling || token.folded) === token.exact;
        var postings = spellings[spelling];
        var doc = 0;
        for (var i = 0; i < postings.length; i++) {
          doc += Math.floor(postings[i] / SPAN);
          var w = weight(postings[i] % SPAN);
          var hit = hits.get(doc);
          if (!hit) {
            hits.set(doc, [w, exact]);
          } else {
            if (w > hit[0]) { hit[0] = w; }
            if (exact) { hit[1] = true; }
          }
        }
      });
      return hits;
    });
  }

  function filterIndex(listName, value) {
    var items = meta[listName];
    for (var i = 0; i < items.length; i++) {
      if (items[i].id === value) { return i; }
    }
    return -1;
  }

  function passes(doc, wanted) {
    for (var i = 0; i < wanted.length; i++) {
      if (meta.facets[wanted[i][0]][doc] !== wanted[i][1]) { return false; }
    }
    return true;
  }

  /* Ranked article numbers for a state: every query word must match; articles matching more
     words in the spelling typed come first, then by field weight, then newest first. A filter
     value that is not in the lists (an old shared URL) is left out. */
  function search(state) {
    var tokens = queryTokens(state.q);
    var wanted = [];
    selects.forEach(function (select) {
      var i = filterIndex(select.getAttribute("data-list"), state[select.name]);
      if (i >= 0) { wanted.push([select.name, i]); }
    });
    if (!tokens.length) {
      var all = [];
      if (wanted.length) {
        for (var d = 0; d < meta.count; d++) {
          if (passes(d, wanted)) { all.push(d); }
        }
      }
      return Promise.resolve(all);
    }
    return Promise.all(tokens.map(matches)).then(function (maps) {
      maps.sort(function (a, b) { return a.size - b.size; });
      var ranked = [];
      maps[0].forEach(function (first, doc) {
        if (!passes(doc, wanted)) { return; }
        var score = first[0];
        var exact = first[1] ? 1 : 0;
        for (var i = 1; i < maps.length; i++) {
          var hit = maps[i].get(doc);
          if (!hit) { return; }
          score += hit[0];
          if (hit[1]) { exact += 1; }
        }
        ranked.push([doc, exact, score]);
      });
      ranked.sort(function (a, b) { return b[1] - a[1] || b[2] - a[2] || a[0] - b[0]; });
      return ranked.map(function (r) { return r[0]; });
    });
  }

  function doc(n) {
    return load("d/" + Math.floor(n / meta.chunk) + ".json").then(function (chunk) {
      return chunk[n % meta.chunk];
    });
  }

  /* Appends `text` to `parent`, each word matching a query word (folded) in <mark>. */
  function highlight(parent, text, folded) {
    var re = new RegExp(WORD.source, "gu");
    var last = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (folded[fold(m[0])]) {
        if (m.index > last) { parent.appendChild(document.createTextNode(text.slice(last, m.index))); }
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.appendChild(mark);
        last = m.index + m[0].length;
      }
    }
    if (last < text.length) { parent.appendChild(document.createTextNode(text.slice(last))); }
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  }

  function resultItem(n, entry, folded) {
    var li = element("li", "search-result");
    var title = element("h2", "search-result-title");
    var link = element("a");
    link.href = basePath + entry[3];
    highlight(link, entry[0], folded);
    title.appendChild(link);
    li.appendChild(title);
    var info = element("p", "search-result-meta");
    var time = element("time", "", entry[4]);
    time.setAttribute("datetime", entry[5]);
    info.appendChild(time);
    [meta.units[meta.facets.unit[n]], meta.fields[meta.facets.field[n]]].forEach(function (item) {
      info.appendChild(element("span", "sep", " · ")).setAttribute("aria-hidden", "true");
      info.appendChild(element("span", "", item.name));
    });
    li.appendChild(info);
    if (entry[1] && entry[1] !== entry[0]) {
      var who = element("p", "search-result-exemplar");
      highlight(who, entry[1], folded);
      li.appendChild(who);
    }
    var summary = element("p", "search-result-summary");
    highlight(summary, entry[2], folded);
    li.appendChild(summary);
    return li;
  }

  function foldedSet(query) {
    var set = Object.create(null);
    queryTokens(query).forEach(function (t) { set[t.folded] = true; });
    return set;
  }

  /* Shows the next PAGE results; the button is disabled while they load. */
  function showMore(run, query) {
    var to = Math.min(results.length, shown + PAGE);
    var picked = results.slice(shown, to);
    moreButton.disabled = true;
    return Promise.all(picked.map(doc)).then(function (entries) {
      if (run !== generation) { return; }
      var folded = foldedSet(query);
      entries.forEach(function (entry, i) { list.appendChild(resultItem(picked[i], entry, folded)); });
      shown = to;
      moreButton.hidden = shown >= results.length;
      moreButton.disabled = false;
    });
  }

  function count(n) {
    return n.toLocaleString("vi-VN");
  }

  function failed() {
    statusEl.textContent = "Không tải được dữ liệu tìm kiếm. Vui lòng kiểm tra kết nối và tải lại trang.";
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var state = { q: params.get("q") || "" };
    selects.forEach(function (select) { state[select.name] = params.get(select.name) || ""; });
    return state;
  }

  function formState() {
    var state = { q: input.value.trim() };
    selects.forEach(function (select) { state[select.name] = select.value; });
    return state;
  }

  function showState(state) {
    input.value = state.q;
    var filtered = false;
    selects.forEach(function (select) {
      select.value = state[select.name];
      if (select.value) { filtered = true; }
    });
    if (filtered) { filterBox.open = true; }
  }

  function stateUrl(state) {
    var params = new URLSearchParams();
    if (state.q) { params.set("q", state.q); }
    selects.forEach(function (select) {
      if (state[select.name]) { params.set(select.name, state[select.name]); }
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  /* Puts the form's search in the address bar: a new history entry for the first change after
     a finished search (a submit, a filter, back or forward), the same entry while typing. */
  function remember(state) {
    var url = stateUrl(state);
    if (url === window.location.pathname + window.location.search + window.location.hash) { return; }
    if (pushNext) {
      window.history.pushState(state, "", url);
      pushNext = false;
    } else {
      window.history.replaceState(state, "", url);
    }
  }

  function busy(on) {
    resultsBox.setAttribute("aria-busy", on ? "true" : "false");
  }

  function run(state) {
    var current = ++generation;
    busy(true);
    list.textContent = "";
    moreButton.hidden = true;
    moreButton.disabled = false;
    results = [];
    shown = 0;
    currentQuery = state.q;
    var active = state.q || Object.keys(state).some(function (k) { return k !== "q" && state[k]; });
    if (!active) {
      statusEl.textContent = "";
      busy(false);
      return;
    }
    if (!meta) {
      statusEl.textContent = "Đang tải dữ liệu tìm kiếm…";
      return;
    }
    search(state).then(function (found) {
      if (current !== generation) { return; }
      results = found;
      statusEl.textContent = found.length
        ? "Tìm thấy " + count(found.length) + " bài viết"
        : "Không tìm thấy bài viết nào";
      return showMore(current, state.q);
    }).catch(function () {
      if (current === generation) { failed(); }
    }).then(function () {
      if (current === generation) { busy(false); }
    });
  }

  function fillFilters() {
    selects.forEach(function (select) {
      meta[select.getAttribute("data-list")].forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.id;
        option.textContent = item.name;
        select.appendChild(option);
      });
    });
    filterBox.open = wide.matches;
    filterBox.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(typingTimer);
    var state = formState();
    remember(state);
    pushNext = true;
    run(state);
  });

  input.addEventListener("input", function () {
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () {
      var state = formState();
      remember(state);
      run(state);
    }, 250);
  });

  selects.forEach(function (select) {
    select.addEventListener("change", function () {
      window.clearTimeout(typingTimer);
      var state = formState();
      pushNext = true;
      remember(state);
      pushNext = true;
      run(state);
    });
  });

  moreButton.addEventListener("click", function () {
    if (moreButton.disabled) { return; }
    showMore(generation, currentQuery).catch(function () {
      moreButton.disabled = false;
      failed();
    });
  });

  window.addEventListener("popstate", function () {
    window.clearTimeout(typingTimer);
    pushNext = true;
    showState(readState());
    run(formState());
  });

  var initial = readState();
  input.value = initial.q;
  run(initial);
  load(indexUrl.href).then(function (data) {
    meta = data;
    fillFilters();
    showState(readState());
    run(formState());
  }).catch(function () {
    failed();
    busy(false);
  });
}());
