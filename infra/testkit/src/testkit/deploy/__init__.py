"""Can I deploy it? The contracts across versions, answered from git, with no broker.

`nox -s contracts` proves that every service at HEAD agrees with every other at HEAD. A team
deploying one service alone asks something else: can this version go where the others run at
the commits they were deployed from? A Pact Broker answers from the pacts and verification
results it has been sent; here git holds every version of every pact and every provider, so the
answer is computed from them:

- `environments`: deployments/<environment>.json, the commit each service runs at;
- `history`: commits resolved and refused when older than the tooling, a worktree for each;
- `runs`: at a commit, in its worktree and its own locked environment, the member's consumer
  tests write its pacts, its provider test verifies pacts from other commits (on a real
  Postgres: the contract layer's own tests, nothing written again);
- `consumers`: which deployed consumers' tests a question needs (those naming a pact with it);
- `states`: the provider states a run could not set up, recorded by its plugin (`in_runs`);
- `matrix`: the cells (consumer version, provider version, pact), their verdicts and the table;
- `question`: `can-i-deploy` and `record-deployment`.

Standard library only, like the contract pipeline: nox runs it in its own process.
"""
