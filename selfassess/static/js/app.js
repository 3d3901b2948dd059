// Progressive enhancement only: every page works without this file.
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();

// Warn before leaving a questionnaire page with unsaved changes.
for (const form of document.querySelectorAll("form[data-app-unsaved-warning]")) {
  let dirty = false;
  form.addEventListener("change", () => { dirty = true; });
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}
