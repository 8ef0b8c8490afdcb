/* remit: the lookup page's "report it" and "suggest a correction", fetched by lookup.js when
 * a visitor asks for them (with data/<version>/report.json: the messages' words).
 *
 * A port of generator/answers/report_message.py: the same text, recipients and links as
 * `remit lookup --format json` (report, correction) and the matter pages; the browser tests
 * compare them. Registry text only ever goes into links through encodeURIComponent and into
 * the page through textContent / value.
 */
(function () {
  "use strict";
  window.remitLookupReport = function (ctx) {
    var man = ctx.man, fmt = ctx.fmt, el = ctx.el, own = ctx.own, typeName = ctx.typeName;
    var relevantContacts = ctx.relevantContacts, button = ctx.button;
    var G = ctx.words.t, RW = ctx.words.w;

    var MOBILE = /^(?:\+86|0086|86)?(1[3-9][0-9]{9})$/;

    function mobile(phone) {
      if (!phone) return null;
      var m = MOBILE.exec(phone.replace(/[ \t\-().]/g, ""));
      return m ? m[1] : null;
    }

    function recipients(res) {
      var out = [], M = res.M, call = res.call;
      if (call.contact && !call.contact.i) out.push(call.contact);
      [call.department, res.department, M.fc].forEach(function (id) {
        var dep = id && own(res.recs, id) ? res.recs[id] : null;
        relevantContacts(dep, M).forEach(function (c) { if (out.indexOf(c) < 0) out.push(c); });
      });
      return out;
    }

    function messageWhat(res, at) {
      var W = man.t.answer;
      var lines = [fmt(W.matter, { x: res.matter.name })];
      if (res.asset) lines.push(fmt(W.asset, { x: res.asset.name, type: typeName(res.asset.type) }));
      if (at) lines.push(fmt(G.at, { lon: at[0].toFixed(6), lat: at[1].toFixed(6) }));
      if (!res.asset && !at && !res.matter.handledBy) lines.push(G.where);
      return lines;
    }

    function subject(key, res) {
      return res.asset ? fmt(G[key + "_at"], { matter: res.matter.name, asset: res.asset.name })
        : fmt(G[key], { what: res.matter.name });
    }

    function numbered(lines, reasons) {
      reasons.forEach(function (r, i) { lines.push((i + 1) + ". " + r); });
    }

    // report_message.report_message; address: the answer's page, at: [lon, lat] or null
    function reportMessage(res, address, at) {
      var lines = [G.greeting].concat(messageWhat(res, at), ["", G.details, G.details_hint, "",
        fmt(G.answer, { x: res.call.text }), man.t.answer.reasons]);
      numbered(lines, res.reasons);
      if (address) lines.push(fmt(G.address, { x: address }));
      var cs = recipients(res), to = null, sms = null;
      cs.forEach(function (c) {
        if (!to && c.e) to = c.e;
        if (!sms && mobile(c.p)) sms = mobile(c.p);
      });
      return { to: to, subject: subject("subject", res), body: lines.join("\n"), sms: sms };
    }

    // report_message.correction_message: to the registry's editors, or null
    function correctionMessage(res, address, at) {
      if (!man.site.ed) return null;
      var lines = [G.correct_greeting].concat(messageWhat(res, at));
      if (res.department) {
        lines.push(fmt(man.t.answer.department, { x: res.dept ? res.dept.n : res.departmentName }));
      }
      lines.push(fmt(G.answer, { x: res.call.text }), man.t.answer.reasons);
      numbered(lines, res.reasons);
      if (address) lines.push(fmt(G.address, { x: address }));
      lines.push("", G.correct_what, G.correct_hint);
      return { to: man.site.ed, subject: subject("correct_subject", res), body: lines.join("\n"),
        sms: null };
    }

    function mailtoHref(msg) {
      return "mailto:" + encodeURIComponent(msg.to || "").replace(/%40/g, "@") + "?subject=" +
        encodeURIComponent(msg.subject) + "&body=" +
        encodeURIComponent(msg.body.replace(/\n/g, "\r\n"));
    }

    function smsHref(msg) {
      return msg.sms ? "sms:" + msg.sms + "?body=" + encodeURIComponent(msg.body) : null;
    }

    // put `text` on the clipboard (a secure page), else select it in `area` for the user
    function copyText(text, area, note) {
      function done(ok) {
        note.textContent = ok ? RW.copied : RW.copy_failed;
        if (!ok && area) {
          area.closest("details").open = true;
          area.focus(); area.select();
        }
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); },
          function () { done(false); });
      } else {
        done(false);
      }
    }

    // the panel: the message's links (mailto:, sms:), copy, its text, the correction
    function render(panel, res) {
      var msg = reportMessage(res, res.address, res.at);
      var fix = correctionMessage(res, res.address, res.at);
      panel.textContent = "";
      var bar = el("p", "rl-report-actions");
      var mail = el("a", "rl-button rl-report-mail", RW.report);
      mail.href = mailtoHref(msg);
      bar.appendChild(mail);
      var sms = smsHref(msg);
      if (sms) {
        var s = el("a", "rl-button rl-button--quiet rl-report-sms", RW.sms);
        s.href = sms;
        bar.appendChild(document.createTextNode(" "));
        bar.appendChild(s);
      }
      var copy = button("rl-button--quiet rl-report-copy", RW.copy);
      bar.appendChild(document.createTextNode(" "));
      bar.appendChild(copy);
      panel.appendChild(bar);
      var note = el("p", "rl-note rl-report-note");
      note.setAttribute("aria-live", "polite");
      panel.appendChild(note);
      var det = el("details", "rl-report-text");
      det.open = true;
      det.appendChild(el("summary", null, RW.report_text));
      var area = el("textarea", "rl-report-body");
      area.readOnly = true;
      area.rows = 10;
      area.value = msg.body;
      area.setAttribute("aria-label", RW.report_text);
      det.appendChild(area);
      panel.appendChild(det);
      copy.addEventListener("click", function () { copyText(msg.body, area, note); });
      if (fix) {
        var p = el("p", "rl-correct");
        p.appendChild(document.createTextNode(RW.correct_hint + " "));
        var link = el("a", "rl-correct-link", RW.correct);
        link.href = mailtoHref(fix);
        p.appendChild(link);
        panel.appendChild(p);
      }
      return { message: msg, correction: fix };
    }

    return { render: render, reportMessage: reportMessage,
      correctionMessage: correctionMessage, mailtoHref: mailtoHref, smsHref: smsHref };
  };
})();
