package dev.scribe.entity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
import dev.scribe.core.Veto;
import dev.scribe.entity.EntityCatalog;
import dev.scribe.entity.EntityModel;
import dev.scribe.entity.EntityTier;
import jakarta.persistence.EntityManager;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Params into entities without the repository tier: the mass-assignment rule, the params check (conversion
 * 400s, Bean Validation 422s, what the columns can store) and the binder (conversion, preSetField, replace).
 */
class EntityBindingTest {
  static SessionFactory factory;
  static ValidatorFactory validation;
  static EntityCatalog catalog;
  static EntityModel<Invoice> invoices;
  static ParamsCheck check;
  static EntityBinder binder;
  private Subscription subscription;

  @BeforeAll
  static void open() {
    EntityEventBridge bridge = new EntityEventBridge();
    factory = new MetadataSources(new StandardServiceRegistryBuilder(new BootstrapServiceRegistryBuilder()
        .applyIntegrator(new ScribeIntegrator(bridge)).build())
        .applySetting("hibernate.connection.url", "jdbc:h2:mem:binding_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .applySetting("hibernate.hbm2ddl.auto", "create-drop")
        .applySetting("jakarta.persistence.validation.mode", "NONE")
        .build())
        .addAnnotatedClass(Invoice.class).buildMetadata().buildSessionFactory();
    catalog = EntityCatalog.build(Scribe.create(), factory.getMetamodel(), List.of(Invoice.class));
    bridge.connect(catalog, () -> null);
    invoices = catalog.model(Invoice.class);
    validation = Validation.buildDefaultValidatorFactory();
    check = new ParamsCheck(validation.getValidator());
    binder = new EntityBinder(catalog);
  }

  @AfterAll
  static void close() {
    validation.close();
    factory.close();
  }

  @AfterEach
  void detach() {
    if (subscription != null) {
      subscription.remove();
    }
  }

  private static Map<String, Object> params(Object... keysAndValues) {
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      params.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return params;
  }

  private static Veto checkCreate(Map<String, Object> params) {
    return check.check(invoices, null, params, false, false, null, null);
  }

  // ---- the mass-assignment rule ----

  @Test
  void theIdVersionAndGuardedAttributesAreRefusedWithTheReasonAndTheSettableFields() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("id", 5);
    params.put("version", 2);
    params.put("approvedBy", "me");
    params.put("number", "A-1");

    Veto refused = invoices.refusals(params);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.fieldErrors()).containsOnly(
        Map.entry("id", List.of("is the id and cannot be set from params")),
        Map.entry("version", List.of("is the version and cannot be set from params; send the expected version instead")),
        Map.entry("approvedBy", List.of("is guarded and cannot be set from params")));
    assertThat(refused.messages()).containsExactly(
        "cannot set id, version, approvedBy on invoice; settable fields: number, amount, copies, due, status, paid, note");
  }

  @Test
  void unknownKeysAreIgnoredUnlessRefusedAndGuardedKeysOnlyWhenTheCallerSentThem() {
    Map<String, Object> params = params("number", "A-1", "colour", "red", "approvedBy", "handler");

    assertThat(invoices.refusals(params)).as("the default ignores unknown keys but refuses guarded ones")
        .extracting(Veto::fieldErrors).isEqualTo(Map.of("approvedBy", List.of("is guarded and cannot be set from params")));
    assertThat(invoices.refusals(params, false, Set.of("number", "colour"))).as("approvedBy was added by a handler")
        .isNull();
    assertThat(invoices.refusals(params, true, Set.of("number", "colour")).fieldErrors())
        .isEqualTo(Map.of("colour", List.of("is not an attribute of invoice")));
  }

  @Test
  void hiddenFieldsAreLeftOutOfTheListOfSettableFields() {
    Veto refused = invoices.refusals(params("id", 1), false, null, Set.of("note", "paid"));

    assertThat(refused.messages()).containsExactly("cannot set id on invoice; settable fields: number, amount, copies, due, status");
  }

  // ---- the params check ----

  @Test
  void valuesThatDoNotConvertAre400sNamingTheFieldAndTheType() {
    Veto veto = checkCreate(params("number", "A-1", "copies", "two", "due", "31.01.2026", "status", "LOST"));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.fieldErrors()).containsOnly(
        Map.entry("copies", List.of("'two' is not a valid Integer")),
        Map.entry("due", List.of("'31.01.2026' is not a valid LocalDate; use ISO-8601, such as 2026-03-01")),
        Map.entry("status", List.of("'LOST' is not a valid Status; allowed: DRAFT, SENT, PAID")));
    assertThat(veto.messages()).contains("copies: 'two' is not a valid Integer");
  }

  @Test
  void convertedValuesAreWrittenBackIntoMutableParams() {
    Map<String, Object> params = params("number", "A-1", "copies", "3", "due", "2026-01-31", "amount", "12.50",
        "status", "sent", "paid", "true");

    assertThat(checkCreate(params)).isNull();

    assertThat(params).containsOnly(Map.entry("number", "A-1"), Map.entry("copies", 3),
        Map.entry("due", LocalDate.of(2026, 1, 31)), Map.entry("amount", new BigDecimal("12.50")),
        Map.entry("status", Invoice.Status.SENT), Map.entry("paid", true));
  }

  @Test
  void beanValidationIsA422PerFieldOnTheStateTheParamsWouldGive() {
    Veto veto = checkCreate(params("number", " ", "copies", 0));

    assertThat(veto.status()).isEqualTo(422);
    assertThat(veto.fieldErrors()).containsOnly(
        Map.entry("number", List.of("must not be blank")),
        Map.entry("copies", List.of("must be greater than or equal to 1")));

    Invoice current = new Invoice();
    current.number = "A-1";
    assertThat(check.check(invoices, current, params("copies", 2), false, false, null, null))
        .as("an update keeps the current number").isNull();
    assertThat(check.check(invoices, current, params("copies", 2), true, false, null, null).fieldErrors())
        .as("a replace resets it").isEqualTo(Map.of("number", List.of("must not be blank")));
  }

  @Test
  void a400OutranksThe422sAndKeepsThemAll() {
    Veto veto = checkCreate(params("number", "", "copies", "many"));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.fieldErrors()).containsOnly(
        Map.entry("copies", List.of("'many' is not a valid Integer")),
        Map.entry("number", List.of("must not be blank")));
  }

  @Test
  void decimalsMustFitThePrecisionAndScaleOfTheirColumn() {
    assertThat(checkCreate(params("number", "A", "amount", new BigDecimal("12345.67")))).isNull();
    assertThat(checkCreate(params("number", "A", "amount", new BigDecimal("1.500")))).as("trailing zeros are not digits")
        .isNull();
    assertThat(checkCreate(params("number", "A", "amount", new BigDecimal("0.001"))).fieldErrors())
        .isEqualTo(Map.of("amount", List.of("must have at most 2 digits after the decimal point (it has 3)")));
    assertThat(checkCreate(params("number", "A", "amount", new BigDecimal("99999.99")))).isNull();
    assertThat(checkCreate(params("number", "A", "amount", new BigDecimal("-0.50")))).isNull();
    assertThat(checkCreate(params("number", "A", "amount", new BigDecimal("12345.670")))).as("trailing zeros").isNull();
    assertThat(checkCreate(params("number", "A", "amount", new BigDecimal("0.000")))).isNull();
    assertThat(checkCreate(params("number", "A", "amount", new BigDecimal("100000.0"))).fieldErrors())
        .isEqualTo(Map.of("amount", List.of("must be less than 10^5 in magnitude (at most 5 digits before the decimal point)")));
    assertThat(checkCreate(params("number", "A", "amount", new BigDecimal("1E+5"))).fieldErrors()).containsOnlyKeys("amount");
    Veto tooBig = checkCreate(params("number", "A", "amount", "123456"));
    assertThat(tooBig.status()).isEqualTo(422);
    assertThat(tooBig.fieldErrors()).isEqualTo(Map.of("amount",
        List.of("must be less than 10^5 in magnitude (at most 5 digits before the decimal point)")));
  }

  @Test
  void textMustFitItsColumnAndHoldNoNul() {
    assertThat(checkCreate(params("number", "123456789012"))).isNull();
    assertThat(checkCreate(params("number", "1234567890123")).fieldErrors())
        .isEqualTo(Map.of("number", List.of("must be at most 12 characters long (it has 13)")));
    assertThat(checkCreate(params("number", "A\0B")).fieldErrors())
        .isEqualTo(Map.of("number", List.of("must not contain the NUL character (\\u0000)")));
  }

  // ---- the binder ----

  @Test
  void writingNullToAPrimitiveAttributeIsAMappingErrorNamingIt() {
    Invoice invoice = new Invoice();

    // the JDK's unboxing failed first: a bare NullPointerException that named neither the attribute nor the fix
    assertThatThrownBy(() -> invoices.find("paid").orElseThrow().write(invoice, null))
        .isInstanceOf(dev.scribe.core.MappingException.class)
        .hasMessage("cannot set paid to null: it is a primitive boolean, which always holds a value; write false,"
            + " or declare the field as Boolean to allow null");
    assertThatThrownBy(() -> invoices.find("copies").orElseThrow().write(invoice, null))
        .isInstanceOf(dev.scribe.core.MappingException.class)
        .hasMessage("cannot set copies to null: it is a primitive int, which always holds a value; write 0,"
            + " or declare the field as Integer to allow null");
    assertThat(invoice.paid).isFalse();
    assertThat(invoice.copies).isEqualTo(1);
  }

  @Test
  void bindingConvertsEachValueToItsAttributesType() {
    Invoice invoice = new Invoice();

    binder.bind(invoices, invoice, params("number", "A-7", "copies", "4", "amount", 9.5, "due", "2026-02-01",
        "status", "PAID", "paid", true, "colour", "ignored"), false, new Context(false));

    assertThat(invoice.number).isEqualTo("A-7");
    assertThat(invoice.copies).isEqualTo(4);
    assertThat(invoice.amount).isEqualByComparingTo("9.5");
    assertThat(invoice.due).isEqualTo(LocalDate.of(2026, 2, 1));
    assertThat(invoice.status).isEqualTo(Invoice.Status.PAID);
    assertThat(invoice.paid).isTrue();
  }

  @Test
  void bindingRefusesWhatMassAssignmentRefusesBeforeSettingAnything() {
    Invoice invoice = new Invoice();

    Veto veto = catchThrowableOfType(Veto.class,
        () -> binder.bind(invoices, invoice, params("number", "A-8", "colour", "red"), false, new Context(true)));

    assertThat(veto.fieldErrors()).isEqualTo(Map.of("colour", List.of("is not an attribute of invoice")));
    assertThat(invoice.number).isNull();
  }

  @Test
  void aPreSetFieldHandlerChangesWhatIsSetAndItsValueIsConvertedAgain() {
    subscription = catalog.events(Invoice.class).on("preSetField", args -> {
      if (EntityTier.fieldName(args).equals("copies")) {
        EntityTier.value(args, "9");
      }
    });
    Invoice invoice = new Invoice();

    binder.bind(invoices, invoice, params("number", "A-9", "copies", 2), false, new Context(false));

    assertThat(invoice.copies).isEqualTo(9);
  }

  @Test
  void aReplaceResetsTheSettableAttributesItDoesNotName() {
    Invoice invoice = new Invoice();
    invoice.number = "A-10";
    invoice.note = "call first";
    invoice.copies = 3;
    invoice.approvedBy = "boss";

    binder.bind(invoices, invoice, params("number", "A-11"), true, new Context(false));

    assertThat(invoice.number).isEqualTo("A-11");
    assertThat(invoice.note).isEqualTo("none");
    assertThat(invoice.copies).isEqualTo(1);
    assertThat(invoice.approvedBy).as("guarded: not settable, so not reset").isEqualTo("boss");
  }

  // ---- the model ----

  @Test
  void theModelConvertsOneValueOrSaysWhichAttributeRefusedIt() {
    assertThat(invoices.convert("due", "2026-03-01")).isEqualTo(LocalDate.of(2026, 3, 1));
    Veto wrong = catchThrowableOfType(Veto.class, () -> invoices.convert("copies", "1.5"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.messages()).containsExactly("copies: '1.5' is not a valid Integer");
    Veto unknown = catchThrowableOfType(Veto.class, () -> invoices.attribute("colour"));
    assertThat(unknown.fieldErrors()).isEqualTo(Map.of("colour", List.of("is not an attribute of invoice")));
    assertThat(unknown.messages()).singleElement().asString().startsWith("invoice has no attribute 'colour'; its attributes are [");
  }

  @Test
  void toMapGivesEveryBasicAttributeAsItsJavaValue() {
    Invoice invoice = new Invoice();
    invoice.number = "M-1";
    invoice.amount = new BigDecimal("3.20");

    Map<String, Object> map = invoices.toMap(invoice);

    assertThat(map.keySet()).containsExactly("id", "version", "number", "amount", "copies", "due", "status", "paid",
        "approvedBy", "note");
    assertThat(map).containsEntry("number", "M-1").containsEntry("amount", new BigDecimal("3.20"))
        .containsEntry("copies", 1).containsEntry("status", Invoice.Status.DRAFT).containsEntry("paid", false)
        .containsEntry("note", "none");
    assertThat(map.get("id")).isNull();
    assertThat(map.get("due")).isNull();
  }

  /** A bind context without a unit of work: no nested writers, entity args made on the spot. */
  private static final class Context implements BindContext, EntityEventContext {
    private final boolean rejectUnknown;
    private final Map<Object, EventArgs> args = new java.util.IdentityHashMap<>();

    Context(boolean rejectUnknown) {
      this.rejectUnknown = rejectUnknown;
    }

    @Override
    public EntityManager entityManager() {
      throw new AssertionError("no association is bound in these tests");
    }

    @Override
    public EntityEventContext events() {
      return this;
    }

    @Override
    public boolean rejectUnknownFields() {
      return rejectUnknown;
    }

    @Override
    public NestedWriter writer(Class<?> type) {
      return null;
    }

    @Override
    public void afterInsert(Runnable work) {
      work.run();
    }

    @Override
    public EventArgs entityArgs(Object entity, Map<String, Object> params) {
      return args.computeIfAbsent(entity, e -> {
        EventArgs created = EventArgs.of(e, "invoices.store");
        created.put(EventArgs.PARAMS, params);
        return created;
      });
    }

    @Override
    public boolean firstPersist(Object entity) {
      return true;
    }

    @Override
    public void defer(Runnable postEvent) {
      postEvent.run();
    }

    @Override
    public void runDeferred() {}

    @Override
    public void persisting(Object entity) {}

    @Override
    public void inserting(Object entity, Object id, Object[] state, org.hibernate.persister.entity.EntityPersister persister) {}
  }

  @Test
  void aPrimitiveAttributeAcceptsItsWrapperAndRefusesNullAndTheModelFindsAttributesByName() {
    var copies = invoices.attribute("copies");

    assertThat(copies.accepts(3)).isTrue();
    assertThat(copies.accepts(null)).isFalse();
    assertThat(copies.accepts(3L)).isFalse();
    assertThat(copies.accepts("3")).isFalse();
    assertThat(invoices.attribute("due").accepts(LocalDate.of(2026, 3, 1))).isTrue();
    assertThat(invoices.attribute("due").accepts(null)).isTrue();
    assertThat(invoices.attributeOrNull(new String("copies"))).isSameAs(copies);
    assertThat(invoices.attributeOrNull("nope")).isNull();
    assertThat(invoices.find("copies")).containsSame(copies);
  }
}
