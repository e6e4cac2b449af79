package org.minicnn.training;

/**
 * One optimiser step as a step listener sees it, after the update.
 *
 * @param epoch the epoch being trained, from 1
 * @param step optimiser steps done in the whole run, this one included (from 1)
 * @param batch this batch's number within the epoch, from 1
 * @param batchesPerEpoch the number of batches in an epoch
 * @param loss the batch's loss before the update
 */
public record StepEvent(int epoch, long step, int batch, int batchesPerEpoch, double loss) {}
