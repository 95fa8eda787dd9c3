/**
 * Where documents enter the pipeline: each is prepared once (its sentences split, its topics
 * tagged) before it goes on `documents.raw`, so index-documents and extract-claims both read them
 * from the message instead of computing them again.
 */
import { documentTopics } from '../classifiers/topics/index.js';
import { sentenceOffsets } from '../classifiers/text/sentences.js';
import type { DocumentSink, SourceDocument } from '../core/contracts.js';
import type { TiplinePublisher } from '../platform/index.js';

export function prepareDocument(doc: SourceDocument): SourceDocument {
  return { ...doc, topics: documentTopics(doc), sentences: doc.sentences ?? sentenceOffsets(doc.text) };
}

/** The sink with every document prepared on its way in. */
export function preparingSink<S extends DocumentSink>(sink: S): S {
  return { ...sink, document: (doc) => sink.document(prepareDocument(doc)) };
}

/** The tipline's publisher with every submission prepared on its way in. */
export function preparingPublisher(publisher: TiplinePublisher): TiplinePublisher {
  return { ...publisher, publish: (doc) => publisher.publish(prepareDocument(doc)) };
}
