#pragma once
#include <QObject>

// LoaderTests: byte-level input (malformed JSON, empty, garbage, UTF-8, nesting, limits),
// file access, and the spec example loading into a resolved document.
class LoaderTests : public QObject {
  Q_OBJECT
 private slots:
  void specExampleLoadsAndResolves();
  void nameDefaultsToFileName();
  void malformedJsonAtKnownLine_data();
  void malformedJsonAtKnownLine();
  void emptyFile();
  void binaryGarbage();
  void invalidUtf8();
  void hundredThousandNestedArrays();
  void nestingLimitIsConfigurable();
  void fileOverSizeLimit();
  void bytesOverSizeLimit();
  void missingFileAndDirectory();
  void actionCountLimit();
  void cellCountLimit();
  void limitsFromEnvironment();
  void everyPrefixOfAValidFileIsHandled();
  void topLevelMustBeAnObject();
  void controlCharactersInKeysStayOnOneLine();
};

// ValidationTests: schema errors, each with its pointer and the action or cell it names, all
// of them in one pass.
class ValidationTests : public QObject {
  Q_OBJECT
 private slots:
  void unknownCell();
  void duplicateIds();
  void wrongTypes();
  void resultCountDiffersFromWrites();
  void expressionDoesNotParse();
  void expressionUsesUnreadVariable();
  void expressionTooLong();
  void version2IsReportedAlone();
  void versionMissingOrMistyped();
  void missingRequiredKeys();
  void badIdentifiers();
  void negativeTimes();
  void computationWithoutWrites();
  void settingsRanges();
  void eventsAndSessions();
  void allErrorsInOnePass();
  void errorListIsCapped();
  void unknownKeysWarn();
  void readsDefaultToExpressionVariables();
  void validateBuiltDocument();
};

// ExpressionTests: muParser expressions compiled once, shared programs, evaluation, private
// copies (PrivatePrograms).
class ExpressionTests : public QObject {
  Q_OBJECT
 private slots:
  void evaluatesArithmeticAndFunctions();
  void ternaryAndComparisons();
  void multipleResults();
  void divisionByZeroIsFlaggedNotThrown();
  void variablesInOrderOfFirstAppearance();
  void compileErrorsHavePositions();
  void cacheSharesProgramsAcrossNamesAndLiterals();
  void literalsOutliveTheCache();
  void cachedAndUncachedCompilesAgree_data();
  void cachedAndUncachedCompilesAgree();
  void copiesAndMovesKeepBindings();
  void concurrentEvaluationOfOneProgram();
  void preconditionsThrow();
  void privateCopiesMatchTheSharedPath_data();
  void privateCopiesMatchTheSharedPath();
  void privateCopiesDoNotShareTheProgram();
  void privateCopyFollowsEachExpressionsLiterals();
  void privateOwnersAreIndependent();
  void privateIdentityReturnsTheInputBitForBit();
};

// WriterTests: saveGraph round trips, stable bytes, streaming writer order, DOT.
class WriterTests : public QObject {
  Q_OBJECT
 private slots:
  void specExampleRoundTrips();
  void everyFeatureRoundTrips();
  void numbersRoundTripExactly();
  void stringsAreEscaped();
  void writerEnforcesOrder();
  void emptySections();
  void dotDump();
};

// GeneratorTests: every shape validates, is deterministic per seed, streams the same bytes.
class GeneratorTests : public QObject {
  Q_OBJECT
 private slots:
  void shapeNames();
  void everyShapeValidates_data();
  void everyShapeValidates();
  void deterministicPerSeed_data();
  void deterministicPerSeed();
  void streamingEqualsDocument();
  void shapeStructure();
  void cellxFormulas();
  void randomCycles();
  void optionsApply();
};

// ReaderParityTests: the loader's fast reader (simdjson) and reference reader (nlohmann SAX)
// give the same documents and the same diagnostics.
class ReaderParityTests : public QObject {
  Q_OBJECT
 private slots:
  void examplesTakeTheFastPathAndMatch_data();
  void examplesTakeTheFastPathAndMatch();
  void generatedShapesMatch_data();
  void generatedShapesMatch();
  void unusualValidInputsMatch_data();
  void unusualValidInputsMatch();
  void badInputsGiveTheSameDiagnostics_data();
  void badInputsGiveTheSameDiagnostics();
  void limitsGiveTheSameDiagnostics();
  void prefixesAndCorruptionsMatch();
  void parallelValidationMatchesSequential();
  void streamedFilesMatch();
};

// SchemaTests: the schema table (schema_p.h) is well formed, and both readers and the writer
// handle exactly its keys.
class SchemaTests : public QObject {
  Q_OBJECT
 private slots:
  void tableIsWellFormed();
  void everyKeyIsReadAndWritten();
  void requiredKeysAreRequiredByBoth();
  void unknownKeysAreRejectedByBoth();
  void duplicateAndMistypedKeysAreRejectedByBoth();
};
