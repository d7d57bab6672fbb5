/// The weights of a K-class linear model, W (785 × K): row 0 is the bias of each class, row
/// j + 1 the weights of pixel j; stored row by row, so W[j][k] is `values[j · classes + k]`
/// (the classes of one feature side by side, as scikit-learn's L-BFGS vector has them).
public struct ClassWeights: Sendable, Equatable {
    public let classes: Int
    public var values: [Double]

    /// W = 0, where the assignment's gradient descent and scikit-learn's L-BFGS start.
    public init(zerosFor classes: Int) {
        self.classes = classes
        self.values = [Double](repeating: 0, count: DesignMatrix.featureCount * classes)
    }

    public init(classes: Int, values: [Double]) {
        precondition(values.count == DesignMatrix.featureCount * classes, "785 rows of \(classes) weights")
        self.classes = classes
        self.values = values
    }

    public subscript(feature: Int, classIndex: Int) -> Double {
        get { values[feature * classes + classIndex] }
        set { values[feature * classes + classIndex] = newValue }
    }

    /// The 785 weights of class k, bias first: a model of its own (one-vs-rest's model k).
    public func column(_ k: Int) -> [Double] { (0..<DesignMatrix.featureCount).map { values[$0 * classes + k] } }

    /// The classes `range` of every row: one model of several trained side by side.
    public func columns(_ range: Range<Int>) -> ClassWeights {
        var values: [Double] = []
        values.reserveCapacity(DesignMatrix.featureCount * range.count)
        for j in 0..<DesignMatrix.featureCount { values += self.values[(j * classes + range.lowerBound)..<(j * classes + range.upperBound)] }
        return ClassWeights(classes: range.count, values: values)
    }

    /// The rows as nested arrays, [feature][class]: reference.json's form.
    public var rows: [[Double]] { (0..<DesignMatrix.featureCount).map { Array(values[$0 * classes..<($0 + 1) * classes]) } }
}
