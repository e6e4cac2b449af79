/** The minimal library program of docs/library.md and its test. */
package org.minicnn.engine.example;
