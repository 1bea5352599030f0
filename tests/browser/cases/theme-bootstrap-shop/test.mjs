// The README snippet on a page styled by tests/browser/themes/bootstrap-shop.css (tests/browser/themes.mjs).
import { themeCase } from "../../themes.mjs";

export default themeCase("bootstrap-shop.css");
