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

/** The report of each entry point, by package name: one markdown section per entry point. */
export function apiReports(entries: EntryPoint[], tsconfigPath: string): Map<string, string> {
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
  const program = ts.createProgram(
    entries.map((e) => e.file),
    options,
  );
  const checker = program.getTypeChecker();
  const reports = new Map<string, string[]>();
  for (const entry of entries) {
    const source = program.getSourceFile(entry.file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`no module for ${entry.file}`);
    const lines = checker
      .getExportsOfModule(moduleSymbol)
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
