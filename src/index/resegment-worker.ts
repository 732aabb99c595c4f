import { parentPort, workerData } from 'node:worker_threads';
import { loadDictionary, parseUserDictionary, useUserDictionary, versionOf } from '../analysis';
import type { Manifest, SegmentInfo } from './manifest';
import type { WrittenSegment } from './segment-files';
import { cutSegmentAgain } from './resegment';

/** What a re-segmentation thread is started with: the text of the dictionary to cut with. */
export interface ResegmentWorkerData {
  userDictionary: string;
}

/** The answer to one segment sent to cut again. */
export type ResegmentWorkerReply = { written: WrittenSegment } | { error: string };

useUserDictionary(parseUserDictionary((workerData as ResegmentWorkerData).userDictionary, 'the re-segmentation thread', versionOf));
loadDictionary();

/** A re-segmentation thread: cuts each segment it is sent again and writes the new one. */
parentPort!.on('message', (message: { dir: string; manifest: Manifest; segment: SegmentInfo }) => {
  cutSegmentAgain(message.dir, message.manifest, message.segment).then(
    (written) => parentPort!.postMessage({ written } satisfies ResegmentWorkerReply),
    (error: Error) => parentPort!.postMessage({ error: error.message } satisfies ResegmentWorkerReply),
  );
});
