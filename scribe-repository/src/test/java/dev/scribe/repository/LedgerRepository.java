package dev.scribe.repository;

/** The repository of {@link Ledger}. */
public class LedgerRepository extends Repository<Ledger, Long> {
  @Override
  public String name() {
    return "ledgers";
  }
}
