/**
 * Shell completion scripts for bash, zsh and fish, generated from the commander program so they never drift
 * from the real commands and options. Profile names are completed at run time by `fcinvoke config list --names`.
 */
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { providerNames } from '../providers/registry.js';

/** A command path (e.g. `config show`) and its long options. */
export interface CompletionCommand {
  path: string[];
  options: string[];
}

/** Every command of the program with its options. */
export function completionModel(program: Command): CompletionCommand[] {
  const result: CompletionCommand[] = [];
  const walk = (command: Command, path: string[]) => {
    for (const child of command.commands) {
      const childPath = [...path, child.name()];
      result.push({
        path: childPath,
        options: child.options.filter((option) => !option.hidden && option.long).map((option) => option.long as string),
      });
      walk(child, childPath);
    }
  };
  walk(program, []);
  return result;
}

/** The completion script for a shell. */
export function completionScript(shell: string, commands: CompletionCommand[]): string {
  switch (shell) {
    case 'bash':
      return bash(commands);
    case 'zsh':
      return `#compdef fcinvoke\nautoload -U +X bashcompinit && bashcompinit\n${bash(commands)}`;
    case 'fish':
      return fish(commands);
    default:
      throw new UsageError(`completion is available for bash, zsh and fish, not '${shell}'`);
  }
}

function bash(commands: CompletionCommand[]): string {
  const top = commands.filter((command) => command.path.length === 1).map((command) => command.path[0]);
  const cases = commands
    .map((command) => {
      const subcommands = commands
        .filter((other) => other.path.length === command.path.length + 1 && other.path.join(' ').startsWith(`${command.path.join(' ')} `))
        .map((other) => other.path.at(-1));
      return `    "${command.path.join(' ')}") words_for="${[...subcommands, ...command.options].join(' ')}" ;;`;
    })
    .join('\n');
  return `# fcinvoke completion for bash — add to ~/.bashrc:  source <(fcinvoke completion bash)
_fcinvoke() {
  local cur prev path words_for i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  path=""
  local n=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -*) ;;
      *) if [ $n -eq 0 ]; then path="\${COMP_WORDS[i]}"; n=1
         elif [ $n -eq 1 ] && [ "$path" = "config" ]; then path="config \${COMP_WORDS[i]}"; n=2; fi ;;
    esac
  done
  case "$prev" in
    --profile) COMPREPLY=( $(compgen -W "$(fcinvoke config list --names 2>/dev/null)" -- "$cur") ); return ;;
    --event-file|-f|--events-file|--config|--output-file|-o|--functions) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
  esac
  case "$path" in
    "") words_for="${top.join(' ')} --help --version" ;;
${cases}
  esac
  if [ "$path" = "invoke" ] && [[ "$cur" != -* ]]; then words_for="$words_for ${providerNames().join(' ')}"; fi
  COMPREPLY=( $(compgen -W "$words_for" -- "$cur") )
}
complete -o default -F _fcinvoke fcinvoke
`;
}

function fish(commands: CompletionCommand[]): string {
  const lines = ['# fcinvoke completion for fish — save as ~/.config/fish/completions/fcinvoke.fish', 'complete -c fcinvoke -f'];
  const top = commands.filter((command) => command.path.length === 1).map((command) => command.path[0]);
  lines.push(`complete -c fcinvoke -n '__fish_use_subcommand' -a '${top.join(' ')}'`);
  for (const command of commands) {
    const condition =
      command.path.length === 1
        ? `__fish_seen_subcommand_from ${command.path[0]}`
        : `__fish_seen_subcommand_from ${command.path[0]}; and __fish_seen_subcommand_from ${command.path.at(-1)}`;
    if (command.path.length === 2) {
      lines.push(`complete -c fcinvoke -n '__fish_seen_subcommand_from ${command.path[0]}' -a '${command.path[1]}'`);
    }
    for (const option of command.options) {
      const flag = option.replace(/^--/, '');
      const argument =
        flag === 'profile' ? " -r -a '(fcinvoke config list --names 2>/dev/null)'" : /file|config|functions/.test(flag) ? ' -r -F' : '';
      lines.push(`complete -c fcinvoke -n '${condition}' -l ${flag}${argument}`);
    }
  }
  lines.push(`complete -c fcinvoke -n '__fish_seen_subcommand_from invoke' -a '${providerNames().join(' ')}'`);
  return `${lines.join('\n')}\n`;
}
