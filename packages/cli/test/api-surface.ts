/**
 * The API report: every public entry point's exports with their kinds and signatures, read from the source by
 * the TypeScript compiler, as text to snapshot (`api/<package>.api.md`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** A public package's entry points: `@ivrkit/x/sub` → its source file. */
export interface EntryPoint {
  packageName: string;
  specifier: string;
  file: string;
}

/** The entry points of every non-private package under `packagesDir`, from their `exports`. */
export function publicEntryPoints(packagesDir: string): EntryPoint[] {
  const entries: EntryPoint[] = [];
  for (const dir of readdirSync(packagesDir).sort()) {
    const manifest = JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    for (const [key, conditions] of Object.entries(
      manifest.exports as Record<string, Record<string, string>>,
    )) {
      const source = conditions['ivrkit-source'];
      if (source === undefined) continue;
      entries.push({
        packageName: manifest.name,
        specifier: `${manifest.name}${key.slice(1)}`,
        file: join(packagesDir, dir, source),
      });
    }
  }
  return entries;
}

const FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;

function kindOf(symbol: ts.Symbol): string {
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Variable) return 'const';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  return 'other';
}

function describe(checker: ts.TypeChecker, exported: ts.Symbol): string {
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const kind = kindOf(symbol);
  const name = exported.getName();
  const declaration = symbol.declarations?.[0];
  if (!declaration) return `${kind} ${name}`;
  if (kind === 'interface' || kind === 'class') {
    const type =
      kind === 'class'
        ? checker.getTypeOfSymbolAtLocation(symbol, declaration)
        : checker.getDeclaredTypeOfSymbol(symbol);
    const members = checker
      .getPropertiesOfType(kind === 'class' ? checker.getDeclaredTypeOfSymbol(symbol) : type)
      .map((member) => {
        const memberType = checker.getTypeOfSymbolAtLocation(member, declaration);
        const optional = member.flags & ts.SymbolFlags.Optional ? '?' : '';
        return `  ${member.getName()}${optional}: ${checker.typeToString(memberType, declaration, FLAGS)}`;
      });
    return [`${kind} ${name} {`, ...members, '}'].join('\n');
  }
  if (kind === 'type') {
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    return `type ${name} = ${checker.typeToString(type, declaration, FLAGS | ts.TypeFormatFlags.InTypeAlias)}`;
  }
  const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
  return `${kind} ${name}: ${checker.typeToString(type, declaration, FLAGS)}`;
}

/**
 * The checker prints inline `import("…")` types with absolute paths: a report must read the same in every checkout,
 * so a dependency's path becomes its package name and one of ours its path from the repository's root.
 */
function withPortablePaths(text: string): string {
  return text
    .replace(
      /import\("[^"]*\/node_modules\/(?:\.pnpm\/[^/"]+\/node_modules\/)?((?:@[^/"]+\/)?[^/"]+)[^"]*"\)/g,
      'import("$1")',
    )
    .replace(/import\("[^"]*\/(packages\/[^"]+)"\)/g, 'import("<repo>/$1")');
}

const programs = new Map<string, ts.Program>();

/** One program per set of entry points (the report and the completeness check share it: it takes seconds). */
function programOf(entries: EntryPoint[], tsconfigPath: string): ts.Program {
  const key = JSON.stringify([tsconfigPath, entries.map((e) => e.file)]);
  const cached = programs.get(key);
  if (cached) return cached;
  const program = createProgram(entries, tsconfigPath);
  programs.set(key, program);
  return program;
}

function createProgram(entries: EntryPoint[], tsconfigPath: string): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${tsconfigPath}`);
  const options = { ...config.options, noEmit: true, composite: false, declaration: false };
  return ts.createProgram(
    entries.map((e) => e.file),
    options,
  );
}

function moduleOf(program: ts.Program, entry: EntryPoint): ts.Symbol {
  const source = program.getSourceFile(entry.file);
  const moduleSymbol = source && program.getTypeChecker().getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`no module for ${entry.file}`);
  return moduleSymbol;
}

/** The report of each entry point, by package name: one markdown section per entry point. */
export function apiReports(entries: EntryPoint[], tsconfigPath: string): Map<string, string> {
  const program = programOf(entries, tsconfigPath);
  const checker = program.getTypeChecker();
  const reports = new Map<string, string[]>();
  for (const entry of entries) {
    const lines = checker
      .getExportsOfModule(moduleOf(program, entry))
      .sort((a, b) => (a.getName() < b.getName() ? -1 : 1))
      .map((symbol) => withPortablePaths(describe(checker, symbol)));
    const section = [`## \`${entry.specifier}\``, '', '```ts', ...lines, '```', ''];
    reports.set(entry.packageName, [...(reports.get(entry.packageName) ?? []), ...section]);
  }
  return new Map(
    [...reports].map(([name, sections]) => [
      name,
      [
        `# API report of \`${name}\``,
        '',
        'Generated by `packages/cli/test/api-report.test.ts`; a change to a public surface fails that test until',
        'this file is updated with `pnpm vitest run packages/cli/test/api-report.test.ts -u` and reviewed.',
        '',
        ...sections,
      ].join('\n'),
    ]),
  );
}

const resolved = (checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol =>
  symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

/** The parts of a declaration a user sees: signatures and types, not function bodies or private members. */
function visibleParts(node: ts.Node): ts.Node[] {
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)) {
    return [...(node.typeParameters ?? []), ...node.parameters, ...(node.type ? [node.type] : [])];
  }
  if (ts.isClassDeclaration(node)) {
    const members = node.members.filter(
      (m) =>
        !(
          ts.getCombinedModifierFlags(m as ts.Declaration) &
          (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)
        ) && !(m.name && ts.isPrivateIdentifier(m.name)),
    );
    return [
      ...(node.typeParameters ?? []),
      ...(node.heritageClauses ?? []),
      ...members.flatMap(visibleParts),
    ];
  }
  if (ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) return node.type ? [node.type] : [];
  return [node];
}

/** An `…/internal` entry point: for ivrkit's own packages, not covered by semver, not part of the public API. */
export const isInternal = (entry: EntryPoint): boolean => entry.specifier.endsWith('/internal');

/**
 * Types that a public signature names but no public entry point exports, as `Type (file) ← export`: a user can
 * see them in a declaration but cannot name them (`…/internal` entry points are neither checked nor count). Only our own declarations count (not dependencies' types, not
 * type parameters, not values named by `typeof`); inferred types (a `const` without an annotation) are not
 * followed.
 */
export function unexportedTypes(entries: EntryPoint[], tsconfigPath: string): string[] {
  const program = programOf(entries, tsconfigPath);
  const checker = program.getTypeChecker();
  const exported = new Set<ts.Symbol>();
  const roots: Array<[ts.Symbol, string]> = [];
  for (const entry of entries.filter((e) => !isInternal(e))) {
    for (const symbol of checker.getExportsOfModule(moduleOf(program, entry))) {
      exported.add(resolved(checker, symbol));
      roots.push([resolved(checker, symbol), `${entry.specifier}.${symbol.getName()}`]);
    }
  }
  const ours = (file: string) => /\/packages\/[^/]+\/src\//.test(file) && !file.includes('/node_modules/');
  const found = new Map<string, string>();
  const seen = new Set<ts.Symbol>();
  const queue = [...roots];
  while (queue.length > 0) {
    const [symbol, owner] = queue.shift() as [ts.Symbol, string];
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    for (const declaration of symbol.declarations ?? []) {
      const visit = (node: ts.Node): void => {
        const name = ts.isTypeReferenceNode(node)
          ? node.typeName
          : ts.isExpressionWithTypeArguments(node)
            ? node.expression
            : undefined;
        const target = name && checker.getSymbolAtLocation(name);
        if (target) {
          const type = resolved(checker, target);
          const file = type.declarations?.[0]?.getSourceFile().fileName ?? '';
          if (!(type.flags & ts.SymbolFlags.TypeParameter) && ours(file) && !exported.has(type)) {
            const key = `${type.getName()} (${file.replace(/.*\/(packages\/)/, '$1')})`;
            if (!found.has(key)) found.set(key, owner);
            queue.push([type, owner]);
          }
        }
        ts.forEachChild(node, visit);
      };
      for (const part of visibleParts(declaration)) visit(part);
    }
  }
  return [...found].map(([type, owner]) => `${type} ← ${owner}`).sort();
}
