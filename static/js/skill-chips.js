// The skills editor of the new-tender form: type a skill (name or alias, from the catalogue's
// <datalist>), press Enter or "Add", and it becomes a chip with its importance and minimum level.
// Without this script the form still works: the blank rows take a skill each.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function setUp(editor) {
    var list = editor.querySelector("[data-chip-list]");
    var template = editor.querySelector("[data-chip-template]");
    var adder = editor.querySelector("[data-chip-adder]");
    var input = adder.querySelector("input");
    var status = adder.querySelector("[data-chip-status]");
    var total = editor.querySelector("input[name$='-TOTAL_FORMS']");
    var datalist = document.getElementById(input.getAttribute("list"));
    var names = {};
    Array.prototype.forEach.call(datalist ? datalist.options : [], function (option) {
      names[fold(option.value)] = option.value;
      if (option.label) { names[fold(option.label)] = option.value; }
    });

    function listed(name) {
      return Array.prototype.some.call(list.querySelectorAll("[data-chip] .chip-skill"), function (field) {
        return fold(field.value) === fold(name);
      });
    }

    function add() {
      var name = names[fold(input.value)];
      if (!input.value.trim()) { return; }
      if (!name) { status.textContent = status.dataset.unknown; return; }
      if (listed(name)) { status.textContent = status.dataset.duplicate; return; }
      var index = parseInt(total.value, 10) || 0;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("ul");
      holder.innerHTML = html;
      var chip = holder.firstElementChild;
      chip.querySelector(".chip-skill").value = name;
      chip.removeAttribute("data-blank");
      list.appendChild(chip);
      total.value = String(index + 1);
      wire(chip);
      status.textContent = "";
      input.value = "";
      input.focus();
    }

    function wire(chip) {
      var remove = chip.querySelector("[data-chip-remove]");
      remove.hidden = false;
      remove.addEventListener("click", function () {
        chip.remove();
        input.focus();
      });
    }

    Array.prototype.forEach.call(list.querySelectorAll("[data-chip]"), function (chip) {
      if (chip.hasAttribute("data-blank")) { chip.remove(); } else { wire(chip); }
    });
    adder.hidden = false;
    adder.querySelector("[data-chip-add]").addEventListener("click", add);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); add(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-skill-chips]"), setUp);
  });
})();
