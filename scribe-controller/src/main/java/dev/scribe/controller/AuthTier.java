package dev.scribe.controller;

import dev.scribe.core.Tier;

/**
 * The event catalogue of the {@code /auth} routes ({@link AuthController}): for each of register, login,
 * logout and me, {@code onPre<Action>} before it, {@code onPost<Action>} after it and
 * {@code on<Action>Failure} when it fails (a veto, a wrong password, a throttled login). Handler methods
 * start with {@code on}.
 *
 * <pre>{@code
 * scribe.tier(AuthTier.TIER).on("onLoginFailure", args -> audit.failedLogin(args.get(AuthTier.CLIENT)));
 * }</pre>
 */
public final class AuthTier {
  /** The tier named {@code auth}. */
  public static final Tier TIER = Tier.builder("auth")
      .events("onPreRegister", "onPostRegister", "onRegisterFailure",
          "onPreLogin", "onPostLogin", "onLoginFailure",
          "onPreLogout", "onPostLogout", "onLogoutFailure",
          "onPreMe", "onPostMe", "onMeFailure")
      .handlerPrefixes("on")
      .build();

  /** Args key of every auth event: the client address. */
  public static final String CLIENT = "client";
  /** Args key of the register events: the roles the registration grants, a mutable set. */
  public static final String ROLES = "roles";
  /** Args key of {@code onPostRegister}: the account the registration created. */
  public static final String ACCOUNT = "account";

  private AuthTier() {}
}
