/// One state of a matplotlib figure as the harness recorded it (at a savefig, plt.show,
/// plt.close or the end of the run): what is needed to tell which plot it is and whether
/// its data are right, not how it looks.
public struct CapturedFigure: Sendable, Equatable {
    public var number: Int?
    public var suptitle: String
    /// Figure-level texts (`fig.text`).
    public var texts: [String]
    public var axes: [Axes]

    public struct Axes: Sendable, Equatable {
        public var title: String
        public var xLabel: String
        public var yLabel: String
        public var xLimits: ClosedRange<Double>?
        public var yLimits: ClosedRange<Double>?
        public var yScale: String
        public var lines: [Line]
        public var images: [Image]
        public var texts: [Text]

        public init(title: String = "", xLabel: String = "", yLabel: String = "", xLimits: ClosedRange<Double>? = nil, yLimits: ClosedRange<Double>? = nil,
                    yScale: String = "linear", lines: [CapturedFigure.Line] = [], images: [CapturedFigure.Image] = [], texts: [CapturedFigure.Text] = []) {
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
            self.xLimits = xLimits
            self.yLimits = yLimits
            self.yScale = yScale
            self.lines = lines
            self.images = images
            self.texts = texts
        }

        /// Every word on the axes: title, labels and texts, for matching labels and notes.
        public var allText: String { ([title, xLabel, yLabel] + texts.map(\.text)).joined(separator: " ") }
    }

    public struct Line: Sendable, Equatable {
        public var label: String
        public var x: [Double]
        public var y: [Double]
    }

    /// An image's values (imshow, matshow, pcolormesh) with their shape: [rows, columns]
    /// for color-mapped data, [rows, columns, 3 or 4] for RGB(A).
    public struct Image: Sendable, Equatable {
        public var shape: [Int]
        public var values: [Double]
        public var colorMap: String
    }

    public struct Text: Sendable, Equatable {
        public var text: String
        public var x: Double
        public var y: Double
    }

    public init(number: Int? = nil, suptitle: String = "", texts: [String] = [], axes: [Axes]) {
        self.number = number
        self.suptitle = suptitle
        self.texts = texts
        self.axes = axes
    }

    /// Reads one entry of the capture's `figures`; nil when it is not a figure (the harness
    /// could not read it, or the file was tampered with).
    init?(json: JSONValue) {
        guard let fields = json.object, let axes = fields["axes"]?.array else { return nil }
        number = fields["number"]?.numbers?.first.flatMap { Int(exactly: $0) }
        suptitle = fields["suptitle"]?.string ?? ""
        texts = fields["texts"]?.array?.compactMap(\.string) ?? []
        self.axes = axes.compactMap(Axes.init(json:))
    }
}

extension CapturedFigure.Axes {
    init?(json: JSONValue) {
        guard let fields = json.object else { return nil }
        func limits(_ key: String) -> ClosedRange<Double>? {
            guard let pair = fields[key]?.numbers, pair.count == 2, pair.allSatisfy(\.isFinite) else { return nil }
            return min(pair[0], pair[1])...max(pair[0], pair[1])
        }
        self.init(
            title: fields["title"]?.string ?? "", xLabel: fields["xlabel"]?.string ?? "", yLabel: fields["ylabel"]?.string ?? "",
            xLimits: limits("xlim"), yLimits: limits("ylim"), yScale: fields["yscale"]?.string ?? "linear",
            lines: fields["lines"]?.array?.compactMap { line in
                guard let fields = line.object, let y = fields["y"]?.numbers else { return nil }
                return CapturedFigure.Line(label: fields["label"]?.string ?? "", x: fields["x"]?.numbers ?? Array(y.indices.map(Double.init)), y: y)
            } ?? [],
            images: fields["images"]?.array?.compactMap { image in
                guard let fields = image.object, let values = fields["values"], let numbers = values.numbers,
                      let shape = values.shape, JSONValue.elementCount(of: shape) == numbers.count else { return nil }
                return CapturedFigure.Image(shape: shape, values: numbers, colorMap: fields["cmap"]?.string ?? "")
            } ?? [],
            texts: fields["texts"]?.array?.compactMap { text in
                guard let fields = text.object, let content = fields["text"]?.string else { return nil }
                return CapturedFigure.Text(text: content, x: fields["x"]?.numbers?.first ?? .nan, y: fields["y"]?.numbers?.first ?? .nan)
            } ?? []
        )
    }
}
