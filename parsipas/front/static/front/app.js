// Behaviour the pages used to carry inline (onchange=, onclick=): kept here so that the
// Content-Security-Policy can forbid inline scripts.
//   data-autosubmit  on a <select>: submit its form when the choice changes
//   data-confirm     on a <form> or a submit button: ask before sending
//   data-print       on a button: print the page
//   data-menu-button the phone menu's button: opens and closes the menu (aria-expanded);
//                    Escape closes it (and any open dropdown) and gives the focus back
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  const question =
    (button && button.dataset.confirm) || (form.dataset && form.dataset.confirm);
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
  const menu = event.target.closest("[data-menu-button]");
  if (menu) {
    const open = menu.getAttribute("aria-expanded") === "true";
    menu.setAttribute("aria-expanded", open ? "false" : "true");
    menu.textContent = open ? "☰ Menu" : "✕ Đóng menu";
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const dropdown = event.target.closest && event.target.closest("details[open]");
  if (dropdown) {
    dropdown.open = false;
    dropdown.querySelector("summary").focus();
    return;
  }
  const menu = document.querySelector('[data-menu-button][aria-expanded="true"]');
  if (menu) {
    menu.setAttribute("aria-expanded", "false");
    menu.textContent = "☰ Menu";
    menu.focus();
  }
});
