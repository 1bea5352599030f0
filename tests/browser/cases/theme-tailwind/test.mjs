// The README snippet on a page styled by tests/browser/themes/tailwind-preflight.css (tests/browser/themes.mjs).
import { themeCase } from "../../themes.mjs";

export default themeCase("tailwind-preflight.css");
