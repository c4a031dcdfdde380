package dev.scribe.repository;

/** The repository of {@link Receipt}. */
public class ReceiptRepository extends Repository<Receipt, Long> {
  @Override
  public String name() {
    return "receipts";
  }
}
