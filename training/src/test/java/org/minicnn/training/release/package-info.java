/** Tests of what a release ships: the zip, unzipped and run away from the checkout. */
package org.minicnn.training.release;
