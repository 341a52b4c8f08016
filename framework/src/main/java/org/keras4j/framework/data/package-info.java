/**
 * Data loading and preparation: the IDX reader ({@link org.keras4j.framework.data.Idx}), the
 * Fashion-MNIST data set ({@link org.keras4j.framework.data.FashionMnist}), Keras's array utilities
 * ({@link org.keras4j.framework.data.DataUtils}) and a fitted standardizer
 * ({@link org.keras4j.framework.data.Standardizer}).
 */
package org.keras4j.framework.data;
