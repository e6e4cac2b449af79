/**
 * What the notebooks use besides the engine: {@link org.minicnn.notebooks.Check} (every number a notebook
 * states is checked, and exercises are graded), {@link org.minicnn.notebooks.Pictures} (heat maps, charts),
 * {@link org.minicnn.notebooks.StudentEdition} (the notebooks with their solutions replaced by stubs) and the
 * Jupyter kernel in {@code kernel}.
 */
package org.minicnn.notebooks;
