// The README snippet on a page styled by tests/browser/themes/dawn-base.css (tests/browser/themes.mjs).
import { themeCase } from "../../themes.mjs";

export default themeCase("dawn-base.css");
