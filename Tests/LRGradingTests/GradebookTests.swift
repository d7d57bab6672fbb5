import Testing
import LRGrading

@Suite("Gradebook CSV")
struct GradebookTests {
    @Test("fields are quoted as RFC 4180 asks, numbers as short as exact")
    func fields() {
        #expect(Gradebook.field("123456789") == "123456789")
        #expect(Gradebook.field("Doe, Jane") == "\"Doe, Jane\"")
        #expect(Gradebook.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(Gradebook.field("two\nlines") == "\"two\nlines\"")
        #expect(Gradebook.number(20) == "20" && Gradebook.number(2.5) == "2.5" && Gradebook.number(0) == "0")
    }
}
