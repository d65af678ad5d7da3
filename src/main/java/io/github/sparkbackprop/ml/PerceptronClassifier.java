package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.train.Blocks;
import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.Classifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The classic perceptron (Rosenblatt, 1958) for labels 0 and 1: one linear threshold unit
 * trained by the perceptron rule, distributed over the partitions of the training DataFrame.
 *
 * <p>It is the baseline that motivates backpropagation: it learns any data that a line (a
 * hyperplane) separates, and stops once it has, but nothing else. On XOR it gets at most three of
 * the four rows right, however long it trains; a network with one hidden layer
 * ({@link NeuralNetworkClassifier}) learns XOR.
 *
 * <p>The weights and bias start at zero. Each epoch broadcasts them; every partition visits its
 * rows in an order drawn from {@code seed}, the epoch and the partition, and on every row it
 * predicts wrongly adds {@code learningRate * x} to the weights and {@code learningRate} to the
 * bias (for a label 1) or subtracts them (for a label 0); the driver then takes the mean of the
 * partitions' weights. Training stops after the first epoch without mistakes, or after
 * {@code maxEpochs}. With {@code averaged} the model is the mean of the weights after every step
 * of training (the averaged perceptron of Freund and Schapire, "Large Margin Classification Using
 * the Perceptron Algorithm", Machine Learning 37, 1999), which generalises better when the data is
 * not separable.
 *
 * <pre>{@code
 * PerceptronClassificationModel model = new PerceptronClassifier()
 *     .setMaxEpochs(50)
 *     .setAveraged(true)
 *     .fit(train);
 * long[] mistakes = model.mistakesPerEpoch();
 * }</pre>
 */
public class PerceptronClassifier
    extends Classifier<Vector, PerceptronClassifier, PerceptronClassificationModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final IntParam maxEpochs;
  private final DoubleParam learningRate;
  private final LongParam seed;
  private final BooleanParam averaged;

  public PerceptronClassifier() {
    this(Identifiable$.MODULE$.randomUID("perceptron"));
  }

  public PerceptronClassifier(String uid) {
    this(PendingUid.publish(uid), true);
  }

  private PerceptronClassifier(String uid, boolean published) {
    this.uid = uid;
    PendingUid.clear();
    maxEpochs = new IntParam(this, "maxEpochs",
        "Most passes over the training data (> 0). Training stops earlier, after the first epoch"
            + " in which no row was misclassified; mistakes are counted during the epoch, each row"
            + " with the weights as they were when it was visited, so such an epoch changes"
            + " nothing and its weights classify every training row correctly. Example: 100.",
        ParamValidators.gt(0));
    learningRate = new DoubleParam(this, "learningRate",
        "How far a mistake moves the weights: learningRate times the row's features (> 0)."
            + " Because the weights start at zero, it scales every weight alike and, up to"
            + " rounding, changes no prediction. Example: 1.0.",
        ParamValidators.inRange(0, Double.MAX_VALUE, false, true));
    seed = new LongParam(this, "seed",
        "Random seed for the order in which each partition visits its rows in each epoch."
            + " Example: 42.");
    averaged = new BooleanParam(this, "averaged",
        "Whether the model is the mean of the weights after every step of training (the averaged"
            + " perceptron) instead of the last weights. Example: true.");
    setDefault(maxEpochs, 100);
    setDefault(learningRate, 1.0);
    setDefault(seed, (long) PerceptronClassifier.class.getName().hashCode());
    setDefault(averaged, false);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  public IntParam maxEpochs() {
    return maxEpochs;
  }

  public DoubleParam learningRate() {
    return learningRate;
  }

  public LongParam seed() {
    return seed;
  }

  public BooleanParam averaged() {
    return averaged;
  }

  public int getMaxEpochs() {
    return (Integer) $(maxEpochs);
  }

  public double getLearningRate() {
    return (Double) $(learningRate);
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  public boolean getAveraged() {
    return (Boolean) $(averaged);
  }

  public PerceptronClassifier setMaxEpochs(int value) {
    set(maxEpochs, value);
    return this;
  }

  public PerceptronClassifier setLearningRate(double value) {
    set(learningRate, value);
    return this;
  }

  public PerceptronClassifier setSeed(long value) {
    set(seed, value);
    return this;
  }

  public PerceptronClassifier setAveraged(boolean value) {
    set(averaged, value);
    return this;
  }

  @Override
  public PerceptronClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public PerceptronClassificationModel train(Dataset<?> dataset) {
    checkLabelMetadata(dataset);
    Dataset<Row> rows = dataset.select(dataset.col(getFeaturesCol()), dataset.col(getLabelCol()));
    int featureSize = featureSize(rows);
    Blocks.StackedData data =
        Blocks.stack(rows, new PerceptronExamples(getFeaturesCol(), getLabelCol(), featureSize));
    try {
      PerceptronTraining.Result result =
          new PerceptronTraining(uid, getMaxEpochs(), getLearningRate(), getAveraged(), getSeed())
              .fit(data, featureSize);
      return PerceptronClassificationModel.create(uid, result.params(), getAveraged(),
          result.mistakesPerEpoch(), result.stopReason());
    } finally {
      data.release();
    }
  }

  /** Refuses a label column whose metadata names other than two classes. */
  private void checkLabelMetadata(Dataset<?> dataset) {
    Attribute attribute = Attribute.fromStructField(dataset.schema().apply(getLabelCol()));
    if (attribute instanceof NominalAttribute) {
      NominalAttribute nominal = (NominalAttribute) attribute;
      if (nominal.getNumValues().isDefined() && (Integer) nominal.getNumValues().get() != 2) {
        throw new IllegalArgumentException("Column '" + getLabelCol() + "' has "
            + nominal.getNumValues().get() + " classes in its metadata but the perceptron takes"
            + " two, labelled 0 and 1");
      }
    }
  }

  /** The size of the feature vectors, from the column's metadata or else the first row. */
  private int featureSize(Dataset<Row> rows) {
    int fromMetadata = AttributeGroup.fromStructField(rows.schema().apply(getFeaturesCol())).size();
    if (fromMetadata >= 0) {
      return fromMetadata;
    }
    List<Row> first = rows.select(getFeaturesCol()).na().drop().limit(1).collectAsList();
    if (first.isEmpty()) {
      throw new IllegalArgumentException("The training DataFrame has no rows with column '"
          + getFeaturesCol() + "' set");
    }
    return ((Vector) first.get(0).get(0)).size();
  }

  @Override
  public MLWriter write() {
    return new StageIO.ParamsWriter(this);
  }

  public static MLReader<PerceptronClassifier> read() {
    return new StageIO.ParamsReader<>(PerceptronClassifier.class, PerceptronClassifier::new);
  }

  public static PerceptronClassifier load(String path) {
    return read().load(path);
  }
}
