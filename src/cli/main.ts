// Placeholder CLI until the core lands (issue 3).
const HELP = `optimizer-lab — gradient-based optimizers on mathjs expressions

Usage:
  optimizer-lab gradient "<expr>" [--at x=1,y=2] [--hessian] [--json]
  optimizer-lab run "<expr>|<preset>" [options]
`;
process.stdout.write(HELP);
