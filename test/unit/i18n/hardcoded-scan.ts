/**
 * Finds user-visible text written straight into JSX: text children, string children ({'Open'}) and the
 * strings in attributes people read (title, aria-label, placeholder, alt, ...). Text without a letter
 * (numbers, symbols such as "·", "/", "100 %") is allowed. Strings inside call arguments are skipped:
 * they are translation keys (t('play')) or values for code, not text.
 */
import ts from 'typescript';

export interface Finding {
  line: number;
  text: string;
  where: string;
}

const VISIBLE_ATTRIBUTES = new Set(['title', 'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'placeholder', 'alt', 'label']);
const LETTER = /\p{L}/u;

/** Words that are the same in every language: the product name. */
export const ALLOWED = new Set(['Trailview']);

function visible(text: string): boolean {
  const s = text.trim();
  return LETTER.test(s) && !ALLOWED.has(s);
}

/** Every string in an expression that could end up shown, except call arguments. */
function stringsIn(node: ts.Node, out: string[]): void {
  if (ts.isCallExpression(node)) {
    stringsIn(node.expression, out);
    return;
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    out.push(node.text);
    return;
  }
  if (ts.isTemplateExpression(node)) {
    out.push(node.head.text, ...node.templateSpans.map((s) => s.literal.text));
    node.templateSpans.forEach((s) => stringsIn(s.expression, out));
    return;
  }
  // Comparisons choose between strings but do not show them: mode === 'fit' ? ... : ...
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(node.operatorToken.kind)) return;
  if (ts.isElementAccessExpression(node)) {
    stringsIn(node.expression, out);
    return;
  }
  ts.forEachChild(node, (c) => stringsIn(c, out));
}

export function scanSource(fileName: string, source: string): Finding[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const findings: Finding[] = [];
  const add = (node: ts.Node, text: string, where: string): void => {
    findings.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: text.trim(), where });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && visible(node.text)) add(node, node.text, 'text');
    if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      // A child expression: {'Open'} or {cond ? 'On' : 'Off'}; JSX elements inside are visited on their own.
      const found: string[] = [];
      const walk = (n: ts.Node): void => {
        if (ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n) || ts.isJsxFragment(n)) return;
        if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n) || ts.isCallExpression(n)) {
          stringsIn(n, found);
          return;
        }
        if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken) return;
        ts.forEachChild(n, walk);
      };
      walk(node.expression);
      found.filter(visible).forEach((s) => add(node, s, 'child'));
    }
    if (ts.isJsxAttribute(node) && node.initializer) {
      const name = node.name.getText(sf);
      if (VISIBLE_ATTRIBUTES.has(name)) {
        const found: string[] = [];
        if (ts.isStringLiteral(node.initializer)) found.push(node.initializer.text);
        else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) stringsIn(node.initializer.expression, found);
        found.filter(visible).forEach((s) => add(node, s, name));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}
