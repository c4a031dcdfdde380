/**
 * The repository tier: {@link dev.scribe.repository.DataStore} (session factory, repositories, units of
 * work, after-commit buses), {@link dev.scribe.repository.Repository} (create, update, delete — single or
 * batch — and reads, firing the {@link dev.scribe.repository.RepositoryTier} catalogue),
 * {@link dev.scribe.repository.UnitOfWork}, call options, queries, pages, batch results, the typed
 * after-commit events and the not-found and version-conflict vetoes.
 */
package dev.scribe.repository;
